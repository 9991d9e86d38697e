/**
 * What a valid spec may still do that a user should hear about: `continuum validate` prints
 * these as warnings and still exits 0.
 */
import type { ContinuumSpec } from "./continuum-spec";
import { issue, type SpecIssue } from "./issues";

/** Warnings for a valid spec (pure). */
export function specWarnings(spec: ContinuumSpec): SpecIssue[] {
    const out: SpecIssue[] = [];
    if (spec.ssh.insecureIgnoreHostKey) {
        out.push(issue(["ssh", "insecureIgnoreHostKey"],
            "host keys are not checked: anyone who can intercept the connection (ARP/DNS spoofing, a hostile network) can impersonate a node and receive join tokens, kubeconfigs and the sudo password",
            "pin every host key (hostKey: from `ssh-keyscan -t ed25519 <host>`, verified out of band) and remove insecureIgnoreHostKey outside a throwaway lab"));
    }
    return out;
}
