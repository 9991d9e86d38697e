/**
 * containerd files of a kubeadm node (pure): the main config (containerd 2.x, `version = 3`)
 * with the systemd cgroup driver the kubelet uses, the conf.d import the runtimes step writes
 * its handlers into, and registry mirrors as `certs.d/<registry>/hosts.toml`.
 */
import { CONTAINERD_DROPIN_PATH } from "../../runtimes/install-params";
import { tomlString } from "../../runtimes/containerd-config";
import type { VersionTable } from "../../versions";

/** Where containerd looks for per-registry host configs. */
export const CONTAINERD_CERTS_DIR = "/etc/containerd/certs.d";

/** The directory of the runtimes drop-in (components/runtimes writes it; the main config imports it). */
export const CONTAINERD_DROPIN_DIR = CONTAINERD_DROPIN_PATH.slice(0, CONTAINERD_DROPIN_PATH.lastIndexOf("/"));

/** What else a kubeadm node's containerd config says. */
export interface ContainerdConfigOptions {
    /**
     * The pod sandbox (pause) image, pinned so that containerd uses the one kubeadm lists (and an
     * airgapped node imported) instead of its own default. @default containerd's own default
     */
    sandboxImage?: string;
    /**
     * Keep pods' oom_score_adj within what containerd itself may set (`restrict_oom_score_adj`):
     * needed where containerd lacks CAP_SYS_RESOURCE, e.g. in a system container
     * (`hostSystem.systemContainer`). @default false
     */
    restrictOomScoreAdj?: boolean;
}

/** `/etc/containerd/config.toml`. `systemdCgroup` must equal the kubelet's cgroupDriver being systemd. */
export function renderContainerdConfig(systemdCgroup: boolean, options: ContainerdConfigOptions = {}): string {
    return [
        "# Written by continuum (kubeadm node). Runtime handlers live in conf.d (components/runtimes).",
        "version = 3",
        `imports = [${tomlString(`${CONTAINERD_DROPIN_DIR}/*.toml`)}]`,
        "",
        ...(options.restrictOomScoreAdj
            ? ['[plugins."io.containerd.cri.v1.runtime"]', "  restrict_oom_score_adj = true", ""]
            : []),
        '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]',
        '  runtime_type = "io.containerd.runc.v2"',
        "",
        '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]',
        `  SystemdCgroup = ${systemdCgroup ? "true" : "false"}`,
        "",
        '[plugins."io.containerd.cri.v1.images".registry]',
        `  config_path = ${tomlString(CONTAINERD_CERTS_DIR)}`,
        "",
        ...(options.sandboxImage
            ? [
                  '[plugins."io.containerd.cri.v1.images".pinned_images]',
                  `  sandbox = ${tomlString(options.sandboxImage)}`,
                  "",
              ]
            : []),
    ].join("\n");
}

/** The pause image the version table lists for kubeadm nodes (what `kubeadm config images list` names). */
export function kubeadmSandboxImage(table: VersionTable): string | undefined {
    return table.nodeImages.kubeadm.images.find((i) => /\/pause:/.test(i));
}

/** The upstream a registry name stands for (docker.io's is registry-1.docker.io). */
export function registryServer(name: string): string {
    return name === "docker.io" ? "https://registry-1.docker.io" : `https://${name}`;
}

/** One hosts.toml per mirrored registry: registry name → file content. */
export function renderRegistryHosts(mirrors: Record<string, string[]>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(mirrors).sort()) {
        if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(name)) {
            throw new Error(
                `registry mirror key '${name}' is not a registry host — ` +
                    `use a host like docker.io or registry.example.net:5000`,
            );
        }
        if (mirrors[name].length === 0) {
            throw new Error(`registry mirror '${name}' lists no endpoint — add at least one URL or remove the entry`);
        }
        const lines = [`server = ${tomlString(registryServer(name))}`, ""];
        for (const url of mirrors[name]) {
            lines.push(`[host.${tomlString(url)}]`, '  capabilities = ["pull", "resolve"]', "");
        }
        out[name] = lines.join("\n");
    }
    return out;
}
