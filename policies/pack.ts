/** Every policy of the pack, by group (one file per group). Kept apart from index.ts, which serves the pack. */
import type { Policies } from "@pulumi/policy";
import { certificatePolicies } from "./certificates";
import { edgePolicies } from "./edge";
import { kubeEdgePolicies } from "./kubeedge";
import { meshPolicies } from "./mesh";
import { runtimePolicies } from "./runtimes";
import { secretPolicies } from "./secrets";
import { sshPolicies } from "./ssh";
import { versionPolicies } from "./versions";

/** Policy groups in the order docs/policies.md lists them. */
export const policyGroups: Record<string, Policies> = {
    secrets: secretPolicies,
    ssh: sshPolicies,
    versions: versionPolicies,
    mesh: meshPolicies,
    runtimes: runtimePolicies,
    edge: edgePolicies,
    kubeedge: kubeEdgePolicies,
    certificates: certificatePolicies,
};

export const allPolicies: Policies = Object.values(policyGroups).flat();
