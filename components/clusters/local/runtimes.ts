/**
 * How extra runtimes reach kind and k3d nodes. The shims (crun, containerd-shim-wasmedge-v1)
 * come from one host directory mounted read-only into the nodes that ask for them, and
 * containerd is told where they are (kind: a `version = 2` containerdConfigPatch; k3d: a K3s
 * `config-v3.toml.tmpl`). The stanzas come from the runtime catalog (runtimes/containerd-config.ts).
 *
 * Kata is not wired here: kata-deploy installs it into `/opt/kata` on the node and writes its own
 * containerd stanza; declaring it as well would define the same TOML table twice.
 */
import {
    handlerStanzas,
    renderContainerdConfig,
    renderStanzaTables,
    K3S_TEMPLATE_BASE,
    type RuntimeHandlerStanza,
} from "../../runtimes/containerd-config";
import type { RuntimeName } from "../../spec/node";
import { SHIM_DIR_IN_NODE } from "./paths";

/** Runtimes whose shims the local substrates mount from the host shim directory. */
export const MOUNTED_RUNTIMES: readonly RuntimeName[] = ["crun", "wasmedge"];

/** File names the host shim directory must hold for each mounted runtime. */
export const SHIM_FILES: Partial<Record<RuntimeName, string>> = {
    crun: "crun",
    wasmedge: "containerd-shim-wasmedge-v1",
};

/** Whether a node with these runtimes needs the shim directory mounted. */
export function needsShims(runtimes: readonly RuntimeName[]): boolean {
    return runtimes.some((r) => MOUNTED_RUNTIMES.includes(r));
}

/** The containerd stanzas of the mounted runtimes, pointing into the node's shim directory. */
export function localStanzas(runtimes: readonly RuntimeName[], systemdCgroup: boolean): RuntimeHandlerStanza[] {
    const mounted = runtimes.filter((r) => MOUNTED_RUNTIMES.includes(r));
    return handlerStanzas(mounted, { systemdCgroup, crunPath: `${SHIM_DIR_IN_NODE}/${SHIM_FILES.crun}` }).map((st) =>
        st.runtimeType === "io.containerd.wasmedge.v1"
            ? // not on containerd's PATH inside the node: name the shim binary
              { ...st, runtimePath: `${SHIM_DIR_IN_NODE}/${SHIM_FILES.wasmedge}` }
            : st,
    );
}

/**
 * The kind `containerdConfigPatches` entry for the runtimes of a cluster (kind applies patches
 * to every node; kind nodes run the systemd cgroup driver). Undefined when nothing is mounted.
 */
export function kindRuntimePatch(runtimes: readonly RuntimeName[]): string | undefined {
    const text = renderContainerdConfig(localStanzas(runtimes, true), "v2");
    return text === "" ? undefined : text;
}

/** The Go-template value K3s renders its own runc stanza's SystemdCgroup with. */
export const K3S_SYSTEMD_CGROUP = "{{ .SystemdCgroup }}";

/**
 * The K3s containerd template for a k3d node: the base template, then the stanzas. K3s does not
 * find the shims itself (they are not where it looks), so every mounted runtime is declared
 * here. SystemdCgroup follows K3s's own choice for runc (the template variable), so every
 * runc-type handler agrees with the kubelet's cgroup driver.
 */
export function k3dRuntimeTemplate(runtimes: readonly RuntimeName[]): string | undefined {
    const stanzas = localStanzas(runtimes, false);
    if (stanzas.length === 0) return undefined;
    const tables = renderStanzaTables(stanzas, "v3").replace(
        /^(\s*SystemdCgroup = )false$/gm,
        `$1${K3S_SYSTEMD_CGROUP}`,
    );
    return `${K3S_TEMPLATE_BASE}\n\n${tables}`;
}
