import type { ContinuumSpec } from "../continuum-spec";
import type { ClusterSpec } from "../cluster";
import type { EdgeNodeSpec } from "../node";
import { issue, type SpecIssue } from "../issues";
import type { HostArtifactName } from "../../versions";

type AnyNode = EdgeNodeSpec & { roles?: string[] };

interface NodeRef {
    node: AnyNode;
    path: (string | number)[];
    cluster?: ClusterSpec;
    /** Installed over SSH (ssh substrate, or KubeEdge nodes of any real cloud cluster). */
    overSsh: boolean;
    /** Gets host binaries (not simulated). */
    real: boolean;
}

/** Every node with where it lives in the spec. Linear in nodes. */
export function allNodes(spec: ContinuumSpec): NodeRef[] {
    const out: NodeRef[] = [];
    spec.clusters.forEach((c, ci) =>
        c.nodes.forEach((node, ni) =>
            out.push({
                node,
                path: ["clusters", ci, "nodes", ni],
                cluster: c,
                overSsh: c.substrate === "ssh",
                real: c.substrate !== "sim" && c.substrate !== "existing",
            }),
        ),
    );
    const ke = spec.kubeedge;
    if (ke) {
        const cloud = spec.clusters.find((c) => c.name === ke.cloudCluster);
        const real = cloud !== undefined && cloud.substrate !== "sim";
        ke.nodes.forEach((node, ni) => out.push({ node, path: ["kubeedge", "nodes", ni], overSsh: real, real }));
    }
    return out;
}

/** SSH substrate: hosts, pinned host keys, a private key, a sudo password when sudo asks for one. */
export function sshRules(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    const ssh = spec.ssh;
    let anySsh = false;
    for (const ref of allNodes(spec)) {
        if (!ref.overSsh) continue;
        anySsh = true;
        if (!ref.node.host) {
            out.push(
                issue(
                    [...ref.path, "host"],
                    `node '${ref.node.name}' is reached over SSH but has no host`,
                    "set host: to the machine's IP address or DNS name",
                ),
            );
        }
        if (!ref.node.hostKey && !ssh.insecureIgnoreHostKey) {
            out.push(
                issue(
                    [...ref.path, "hostKey"],
                    `node '${ref.node.name}' has no pinned host key`,
                    "set hostKey: to the output of `ssh-keyscan -t ed25519 " +
                        "<host>` checked out of band (or ssh.insecureIgnoreHostKey: true for a throwaway lab)",
                ),
            );
        }
        if (ref.node.user === "root" || (!ref.node.user && ssh.user === "root")) {
            out.push(
                issue(
                    [...ref.path, "user"],
                    `node '${ref.node.name}' logs in as root`,
                    "log in as an unprivileged user and let the toolkit use sudo",
                ),
            );
        }
    }
    if (!anySsh) return out;
    if (!ssh.privateKey) {
        out.push(
            issue(
                ["ssh", "privateKey"],
                "nodes are reached over SSH but no private key is set",
                "run `pulumi config set --secret --path 'continuum:spec.ssh.privateKey' " +
                    "< ~/.ssh/id_ed25519` (the value on stdin: a key starts with '-')",
            ),
        );
    }
    if (ssh.sudo.mode === "password" && !ssh.sudo.password) {
        out.push(
            issue(
                ["ssh", "sudo", "password"],
                "sudo mode is 'password' but no password is set",
                "set it as a secret: `pulumi config set --secret --path 'continuum:spec.ssh.sudo.password' ...`",
            ),
        );
    }
    if (ssh.bastion && !ssh.bastion.hostKey && !ssh.insecureIgnoreHostKey) {
        out.push(
            issue(
                ["ssh", "bastion", "hostKey"],
                "the bastion has no pinned host key",
                "set ssh.bastion.hostKey: to the output of `ssh-keyscan -t ed25519 <bastion>`",
            ),
        );
    }
    return out;
}

/** `kata` runs micro-VMs: only on nodes that declare the `kvm` capability. */
export function kataNeedsKvm(spec: ContinuumSpec): SpecIssue[] {
    return allNodes(spec)
        .filter((r) => r.node.runtimes.includes("kata") && !r.node.capabilities.includes("kvm"))
        .map((r) =>
            issue(
                [...r.path, "runtimes"],
                `node '${r.node.name}' asks for kata but does not declare the kvm capability`,
                "add capabilities: [kvm] if the machine has /dev/kvm, or remove kata from its runtimes",
            ),
        );
}

/** The artifacts a real node needs from the version table. */
export function artifactsFor(ref: NodeRef, kubeEdge: boolean): HostArtifactName[] {
    if (!ref.real) return [];
    const needs: HostArtifactName[] = [];
    if (ref.overSsh) {
        if (kubeEdge) needs.push("keadm", "containerd", "cniPlugins");
        else if (ref.cluster?.distribution === "k3s") needs.push("k3s");
        else if (ref.cluster?.distribution === "kubeadm") {
            needs.push("kubeadm", "kubelet", "kubectl", "containerd", "cniPlugins");
            // etcdctl/etcdutl (docs/day2.md): on control planes of a cluster with snapshots or a restore.
            const control = (ref.node.roles as readonly string[]).includes("control-plane");
            if (control && (ref.cluster.backup !== undefined || ref.cluster.restoreFrom !== undefined))
                needs.push("etcd");
        }
    }
    for (const r of ref.node.runtimes) needs.push(r === "wasmedge" ? "wasmedgeShim" : r);
    return needs;
}
