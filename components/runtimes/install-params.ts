/**
 * Parameters of scripts/runtimes-install.sh for one node reached over SSH: which runtimes,
 * which pinned artifacts (hosts/artifacts.ts refuses an empty sha256), and the containerd config text in the
 * form the node's distribution reads. Pure.
 */
import type { Arch } from "../spec/node";
import type { HostArtifactName, VersionTable } from "../versions";
import { pinnedFile, type PinnedFile } from "../hosts/artifacts";
import {
    DEFAULT_PATHS,
    handlerStanzas,
    K3S_TEMPLATE_PATH,
    renderContainerdConfig,
    renderK3sTemplate,
    type HandlerSettings,
} from "./containerd-config";
import { RUNTIME_CATALOG } from "./catalog";
import type { NodeRuntimePlan } from "./plan";
import type { Distribution } from "../distributions/distribution";

/** Where kubeadm/KubeEdge nodes get the runtimes drop-in (the main config must import conf.d). */
export const CONTAINERD_DROPIN_PATH = "/etc/containerd/conf.d/continuum-runtimes.toml";

/** Script params and the pinned files to push next to the script. */
export interface RuntimeInstall {
    params: Record<string, string>;
    artifacts: PinnedFile[];
}

/** Inputs for one node's install. */
export interface InstallInputs {
    node: NodeRuntimePlan;
    /** k3s | kubeadm (KubeEdge nodes use the containerd drop-in like kubeadm). */
    distribution: Distribution;
    table: VersionTable;
    /** Equal to the kubelet cgroup driver being systemd. @default true */
    systemdCgroup?: boolean;
    /** @default "shim" */
    wasmedgeVia?: "shim" | "crun";
    /** @default "qemu" */
    kataShim?: string;
}

/** The params and artifacts of scripts/runtimes-install.sh for one node. */
export function runtimeInstall(inputs: InstallInputs): RuntimeInstall {
    const { node, table } = inputs;
    const hostRuntimes = node.runtimes.filter((r) => r.delivery === "host-script").map((r) => r.runtime);
    if (hostRuntimes.length === 0) {
        throw new Error(
            `node '${node.node}' has no runtime installed over SSH — nothing for runtimes-install.sh to do`,
        );
    }
    const k3s = !node.kubeEdge && inputs.distribution === "k3s";
    const wasmedgeVia = inputs.wasmedgeVia ?? "shim";
    const artifacts: PinnedFile[] = [];
    const pin = (name: HostArtifactName): PinnedFile => {
        try {
            return pinnedFile(table, name, node.arch);
        } catch (e) {
            throw new Error(`node '${node.node}': ${(e as Error).message}`);
        }
    };
    const params: Record<string, string> = {
        RUNTIMES: hostRuntimes.join(" "),
        CONFIG_MODE: k3s ? "k3s" : "dropin",
    };

    let crunPath: string = DEFAULT_PATHS.crun;
    const wantsCrun = hostRuntimes.includes("crun") || (hostRuntimes.includes("wasmedge") && wasmedgeVia === "crun");
    if (wantsCrun) {
        if (wasmedgeVia === "crun" && hostRuntimes.includes("wasmedge")) {
            // crun with WasmEdge support is a distribution build (e.g. crun-wasm), not the static release.
            params.CRUN_SOURCE = "package";
            params.CRUN_PACKAGE = "crun-wasm";
            crunPath = "/usr/bin/crun";
        } else if (table.hostArtifacts.crun.files[node.arch as Arch]) {
            params.CRUN_SOURCE = "binary";
            artifacts.push(pin("crun"));
        } else {
            // No static crun for this arch (e.g. 32-bit arm): the distribution package.
            params.CRUN_SOURCE = "package";
            crunPath = "/usr/bin/crun";
        }
        params.CRUN_PATH = crunPath;
    }
    if (hostRuntimes.includes("wasmedge") && wasmedgeVia === "shim") {
        artifacts.push(pin(RUNTIME_CATALOG.wasmedge.artifact));
        // K3s only finds WASI shims in /usr/bin, /usr/sbin and /opt/kwasm/bin.
        params.WASMEDGE_SHIM_DIR = k3s ? "/usr/bin" : "/usr/local/bin";
    }
    if (hostRuntimes.includes("kata")) {
        artifacts.push(pin("kata"));
    }

    const settings: HandlerSettings = {
        systemdCgroup: inputs.systemdCgroup ?? true,
        crunPath,
        wasmedgeVia,
        kataShim: inputs.kataShim,
    };
    const stanzas = handlerStanzas(hostRuntimes, settings);
    params.HANDLERS = stanzas.map((st) => st.handler).join(" ");
    if (k3s) {
        const template = renderK3sTemplate(stanzas, "v3");
        params.K3S_TEMPLATE_PATH = K3S_TEMPLATE_PATH.v3;
        if (template !== undefined) params.K3S_TEMPLATE = template;
    } else {
        params.CONTAINERD_DROPIN_PATH = CONTAINERD_DROPIN_PATH;
        params.CONTAINERD_DROPIN = renderContainerdConfig(stanzas, "v3");
    }
    return { params, artifacts };
}
