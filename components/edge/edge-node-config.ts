/**
 * What a KubeEdge edge node gets on disk and on `keadm join` — pure. Values only: the host
 * scripts (components/edge/scripts/) write them; no shell is assembled here.
 */
import { cidrFamily, cidrsOverlap } from "../core/cidr";
import type { JoinEndpoint } from "./cloudcore-values";

/** The local pod range of every edge node (containerd's usual bridge range; not routed between nodes). */
export const EDGE_POD_SUBNET = "10.88.0.0/16";
/** CRI socket keadm and edgecore talk to. */
export const CONTAINERD_ENDPOINT = "unix:///run/containerd/containerd.sock";
/** Drop-in directory other layers (runtimes) add containerd handlers to. */
export const CONTAINERD_DROPIN_DIR = "/etc/containerd/conf.d";

/** How an edge node's containerd differs on unusual machines (`kubeedge.hostSystem`). */
export interface EdgeContainerdOptions {
    /**
     * Keep pods' oom_score_adj within what containerd itself may set (`restrict_oom_score_adj`):
     * edge nodes that are system containers (`kubeedge.hostSystem.systemContainer`) lack
     * CAP_SYS_RESOURCE, and every pod sandbox (keadm's own included) fails without it. @default false
     */
    restrictOomScoreAdj?: boolean;
    /**
     * The pod sandbox (pause) image, pinned so that containerd (edgecore's pods and keadm's own
     * sandbox) uses the one the edge node's image set lists (and an airgapped node imported)
     * instead of containerd's built-in default. @default containerd's own default
     */
    sandboxImage?: string;
}

/** containerd 2.x config (version 3) with runc's cgroup driver matching edgecore's. */
export function containerdConfig(cgroupDriver: string, options: EdgeContainerdOptions = {}): string {
    const systemd = checkCgroupDriver(cgroupDriver) === "systemd";
    return [
        "# Written by continuum (components/edge/scripts/edge-runtime.sh). Extra runtimes go in conf.d.",
        "version = 3",
        `imports = ["${CONTAINERD_DROPIN_DIR}/*.toml"]`,
        "",
        ...(options.restrictOomScoreAdj
            ? ["[plugins.'io.containerd.cri.v1.runtime']", "  restrict_oom_score_adj = true", ""]
            : []),
        "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]",
        "  runtime_type = 'io.containerd.runc.v2'",
        "",
        "[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]",
        `  SystemdCgroup = ${systemd}`,
        "",
        "[plugins.'io.containerd.cri.v1.runtime'.cni]",
        "  bin_dirs = ['/opt/cni/bin']",
        "  conf_dir = '/etc/cni/net.d'",
        "",
        ...(options.sandboxImage
            ? [
                  "[plugins.'io.containerd.cri.v1.images'.pinned_images]",
                  `  sandbox = ${JSON.stringify(options.sandboxImage)}`,
                  "",
              ]
            : []),
    ].join("\n");
}

/** `systemd` | `cgroupfs`; anything else is refused (keadm would refuse it later, mid-join). */
export function checkCgroupDriver(driver: string): "systemd" | "cgroupfs" {
    if (driver !== "systemd" && driver !== "cgroupfs") {
        throw new Error(`cgroup driver '${driver}' is not systemd or cgroupfs — use systemd on systemd hosts`);
    }
    return driver;
}

/** A bridge conflist: edge nodes stay NotReady without a CNI config in /etc/cni/net.d. */
export function edgeCniConflist(subnet: string): string {
    const family = cidrFamily(subnet, "the edge pod subnet");
    return `${JSON.stringify(
        {
            cniVersion: "1.0.0",
            name: "continuum-edge",
            plugins: [
                {
                    type: "bridge",
                    bridge: "cni0",
                    isGateway: true,
                    ipMasq: true,
                    hairpinMode: true,
                    ipam: {
                        type: "host-local",
                        ranges: [[{ subnet }]],
                        routes: [{ dst: family === "ipv4" ? "0.0.0.0/0" : "::/0" }],
                    },
                },
                { type: "portmap", capabilities: { portMappings: true } },
            ],
        },
        null,
        2,
    )}\n`;
}

/** The edge pod subnet must not collide with any cluster range (edge pods reach cloud services through them). */
export function checkEdgeSubnet(subnet: string, taken: { what: string; cidr: string }[]): string[] {
    cidrFamily(subnet, "the edge pod subnet");
    return taken
        .filter(({ cidr }) => cidrsOverlap(subnet, cidr))
        .map(
            ({ what, cidr }) =>
                `the KubeEdge edge pod subnet ${subnet} overlaps ${what} (${cidr}) — give that cluster another range`,
        );
}

/** Node labels as `keadm join --labels` takes them: `k=v,k2=v2`, sorted. */
export function joinLabels(labels: Record<string, string>): string {
    return Object.keys(labels)
        .sort()
        .map((k) => `${k}=${labels[k]}`)
        .join(",");
}

/** What one edge node needs for `keadm join` (the token travels separately, as a secret). */
export interface JoinInput {
    nodeName: string;
    endpoint: JoinEndpoint;
    kubeedgeVersion: string;
    cgroupDriver: string;
    labels: Record<string, string>;
    /** Registry that serves kubeedge/installation-package (mirrors). */
    imageRepository?: string;
    /** edgecore's hard eviction thresholds (spec-checked signals and thresholds). @default edgecore's */
    evictionHard?: Record<string, string>;
}

/** The non-secret parameters of keadm-join.sh (an env file on stdin; TOKEN is added as a secret). */
export function joinParams(input: JoinInput): Record<string, string> {
    const params: Record<string, string> = {
        EDGENODE_NAME: input.nodeName,
        CLOUDCORE_IPPORT: input.endpoint.cloudCoreIpPort,
        CERT_PORT: input.endpoint.certPort,
        TUNNEL_SERVER: input.endpoint.tunnelServer,
        KUBEEDGE_VERSION: `v${input.kubeedgeVersion.replace(/^v/, "")}`,
        CGROUP_DRIVER: checkCgroupDriver(input.cgroupDriver),
        REMOTE_RUNTIME_ENDPOINT: CONTAINERD_ENDPOINT,
        LABELS: joinLabels(input.labels),
    };
    if (input.imageRepository) params.IMAGE_REPOSITORY = input.imageRepository;
    if (input.evictionHard && Object.keys(input.evictionHard).length > 0) {
        params.EVICTION_HARD = keadmMap(input.evictionHard);
    }
    return params;
}

/** Parameters of edge-runtime.sh. */
export function runtimeParams(
    cgroupDriver: string,
    subnet: string,
    options: EdgeContainerdOptions = {},
): Record<string, string> {
    return {
        CONTAINERD_CONFIG: containerdConfig(cgroupDriver, options),
        CNI_CONFLIST: edgeCniConflist(subnet),
        CONTAINERD_DROPIN_DIR,
    };
}

/**
 * A map as `keadm join --set` takes it (`{k1:v1,k2:v2}`; kubeedge v1.23.0 keadm/cmd/keadm/app/cmd/
 * util/set.go parseMap): keys and values must hold none of `{},:=` or spaces, and every value must
 * read as a string there (not a number or a boolean) — the spec's thresholds always carry a unit.
 */
export function keadmMap(m: Record<string, string>): string {
    const entries = Object.entries(m).sort(([a], [b]) => a.localeCompare(b));
    for (const [k, v] of entries) {
        if (/[{},:=\s]/.test(k + v) || /^(\d+(\.\d+)?|true|false)$/i.test(v)) {
            throw new Error(`'${k}: ${v}' cannot be passed to keadm join --set: give the threshold with its unit`);
        }
    }
    return `{${entries.map(([k, v]) => `${k}:${v}`).join(",")}}`;
}
