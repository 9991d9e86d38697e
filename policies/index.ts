// The continuum policy pack: `pulumi preview --policy-pack policies` (see docs/policies.md).
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./pack";

new PolicyPack("continuum", {
    description: "Guard rails for an edge-cloud continuum: secrets, SSH, versions, mesh, runtimes, edge, KubeEdge.",
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
