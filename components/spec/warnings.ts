/**
 * What a valid spec may still do that a user should hear about: `continuum validate` prints
 * these as warnings and still exits 0.
 */
import type { ContinuumSpec } from "./continuum-spec";
import { issue, type SpecIssue } from "./issues";
import { DISTRIBUTIONS } from "../distributions/distribution";

/** Warnings for a valid spec (pure). */
export function specWarnings(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    if (spec.ssh.insecureIgnoreHostKey) {
        out.push(
            issue(
                ["ssh", "insecureIgnoreHostKey"],
                "host keys are not checked: anyone who can intercept the " +
                    "connection (ARP/DNS spoofing, a hostile network) can impersonate a node " +
                    "and receive join tokens, kubeconfigs and the sudo password",
                "pin every host key (hostKey: from `ssh-keyscan -t ed25519 " +
                    "<host>`, verified out of band) and remove insecureIgnoreHostKey outside " +
                    "a throwaway lab",
            ),
        );
    }
    out.push(...evenControlPlanes(spec));
    return out;
}

/**
 * An even number of control planes (etcd members) tolerates no more failures than one fewer. A
 * warning, not an error: a quorum-safe change passes through one (3 → 2 → 1 when shrinking, one
 * control plane per `up`; day2/quorum.ts), and refusing it would refuse the safe path.
 */
function evenControlPlanes(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    spec.clusters.forEach((c, ci) => {
        const d = DISTRIBUTIONS[c.distribution];
        const control = d.roles?.control;
        if (control === undefined) return;
        const count = c.nodes.filter((n) => (n.roles as readonly string[]).includes(control)).length;
        if (count > 1 && count % 2 === 0) {
            out.push(
                issue(
                    ["clusters", ci, "nodes"],
                    `${count} ${d.controlNodes ?? d.title}: an even count loses etcd quorum as easily as one fewer`,
                    `use an odd number (${count - 1} or ${count + 1}) once ` +
                        `the change that passes through ${count} is done`,
                ),
            );
        }
    });
    return out;
}
