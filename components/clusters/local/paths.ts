import * as path from "node:path";

/** Placeholder the create scripts replace with the absolute state directory of the cluster. */
export const STATE_DIR_PLACEHOLDER = "@CONTINUUM_STATE_DIR@";

/** Placeholder the create scripts replace with the absolute directory of runtime shims on the host. */
export const SHIM_DIR_PLACEHOLDER = "@CONTINUUM_SHIM_DIR@";

/** Where the runtime shims (crun, containerd-shim-wasmedge-v1) appear inside kind and k3d nodes. */
export const SHIM_DIR_IN_NODE = "/opt/continuum/bin";

/** Default directory (relative to the Pulumi project) holding one state directory per local cluster. */
export const DEFAULT_STATE_ROOT = ".continuum";

/** Default host directory of runtime shims, shared by every local cluster. */
export const DEFAULT_SHIM_DIR = ".continuum/shims";

/** Default Docker network every kind and k3d cluster of the continuum joins (meshed clusters reach each other). */
export const DEFAULT_DOCKER_NETWORK = "continuum";

/** Environment variable the local commands find their scripts through. */
export const SCRIPTS_ENV = "CONTINUUM_LOCAL_SCRIPTS";

/**
 * The scripts directory relative to the program's working directory (the Pulumi project), so
 * the command inputs are the same on every machine that checks the project out.
 */
export function scriptsDir(cwd: string = process.cwd()): string {
    return path.relative(cwd, path.join(__dirname, "scripts")) || ".";
}

/** Default state directory of one cluster. */
export function defaultStateDir(clusterName: string): string {
    return `${DEFAULT_STATE_ROOT}/${clusterName}`;
}
