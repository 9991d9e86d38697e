/**
 * Registry mirrors of a local cluster, in the two forms its nodes read: containerd `hosts.toml`
 * files (kind: one directory per registry under a `config_path`) and a K3s `registries.yaml`
 * (k3d: `registries.config`).
 */
import { stringify } from "yaml";
import { CRI_RUNTIME_PLUGIN, tomlString } from "../../runtimes/containerd-config";

/** Where kind nodes see continuum's hosts.toml tree (mounted from the cluster's state directory). */
export const KIND_CERTS_DIR_IN_NODE = "/etc/containerd/continuum-certs.d";

/** The state-directory subdirectory holding the hosts.toml tree. */
export const CERTS_STATE_SUBDIR = "certs.d";

const REGISTRY = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d{1,5})?$/;

function checked(mirrors: Record<string, string[]>, cluster: string): [string, string[]][] {
    return Object.entries(mirrors)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([registry, endpoints]) => {
            if (!REGISTRY.test(registry)) {
                throw new Error(
                    `cluster '${cluster}': registryMirrors key '${registry}' ` +
                        `is not a registry host — write it like docker.io or registry.example.com:5000`,
                );
            }
            if (endpoints.length === 0) {
                throw new Error(
                    `cluster '${cluster}': registryMirrors.${registry} lists ` +
                        `no mirror — add at least one https:// endpoint or remove the entry`,
                );
            }
            return [registry, endpoints];
        });
}

/** containerd hosts.toml per registry: `certs.d/<registry>/hosts.toml` → its text. */
export function hostsTomlFiles(mirrors: Record<string, string[]>, cluster: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const [registry, endpoints] of checked(mirrors, cluster)) {
        const hosts = endpoints.map((e) => `[host.${tomlString(e)}]\n  capabilities = ["pull", "resolve"]\n`);
        files[`${CERTS_STATE_SUBDIR}/${registry}/hosts.toml`] =
            `# mirrors of ${registry}, then the registry itself\n\n${hosts.join("\n")}`;
    }
    return files;
}

/** The kind containerdConfigPatch pointing containerd's registry config at the mounted tree. */
export function kindRegistryPatch(): string {
    return (
        `version = 2\n\n[plugins.${tomlString(CRI_RUNTIME_PLUGIN.v2)}.registry]\n  ` +
        `config_path = ${tomlString(KIND_CERTS_DIR_IN_NODE)}\n`
    );
}

/** K3s registries.yaml text (`mirrors.<registry>.endpoint`). */
export function k3sRegistriesYaml(mirrors: Record<string, string[]>, cluster: string): string {
    const out: Record<string, { endpoint: string[] }> = {};
    for (const [registry, endpoints] of checked(mirrors, cluster)) out[registry] = { endpoint: endpoints };
    return stringify({ mirrors: out });
}
