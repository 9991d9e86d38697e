// The continuum policy pack: `pulumi preview --policy-pack policies` (see docs/policies.md).
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./pack";

// PolicyPack reads the pack's version from `<cwd>/package.json`. Upstream's Node.js language host
// starts packs in their own directory; make that hold for any runner (the offline toolchain's
// stand-in starts them in the program's directory).
process.chdir(__dirname);

new PolicyPack("continuum", {
    description: "Guard rails for an edge-cloud continuum: secrets, SSH, versions, mesh, runtimes, edge, KubeEdge.",
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
