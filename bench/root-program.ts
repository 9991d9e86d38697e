/**
 * The root stack of the `stacks` bench case: one stack per part of the fleet runs the
 * repository's program; this program reads their outputs with StackReferences (config
 * `root:stacks`, fully qualified stack names) and exports them per part — what a root stack that
 * wires fleets together (DNS, monitoring, a dashboard) starts from.
 */
import * as pulumi from "@pulumi/pulumi";

const stacks = new pulumi.Config("root").requireObject<string[]>("stacks");
const refs = stacks.map((name) => new pulumi.StackReference(name));

/** Per part: its clusters (API endpoints, kubeconfigs as secrets, nodes) and topology. */
export const parts = Object.fromEntries(
    refs.map((ref, i) => [stacks[i]!, { clusters: ref.getOutput("clusters"), topology: ref.getOutput("topology") }]),
);
