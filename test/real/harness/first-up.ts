// The real tier's first `pulumi up` of the product's program and the figures each test prints.
import * as path from "node:path";
import { FixtureStack, type PulumiRun } from "../../hosts/harness/pulumi-stack";
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import { Kubectl } from "./kubectl";
import { realFile, type RealSet } from "./real-set";

/** The product's own program (index.ts, re-exported by the fixture). */
export const PROGRAM = path.join(__dirname, "..", "fixtures", "continuum");

/** What the first up left: the stack, the run, and kubectl on the `real` cluster when it succeeded. */
export interface FirstUp {
    stack: FixtureStack;
    run: PulumiRun;
    kubectl?: Kubectl;
}

/** `pulumi up` of the product's program with `spec` and the hosts' SSH key (a secret) in stack `name`. */
export async function firstUp(
    hosts: TestHostRun,
    set: RealSet,
    name: string,
    dir: string,
    spec: unknown,
): Promise<FirstUp> {
    const stack = new FixtureStack(PROGRAM, name, dir);
    await stack.init({ "continuum:spec": spec }, { "continuum:spec.ssh.privateKey": hosts.privateKey });
    const run = await stack.up();
    if (run.status !== 0) return { stack, run };
    const outputs = await stack.outputs();
    const kubeconfig = (outputs.clusters as Record<string, { kubeconfig: string }>).real.kubeconfig;
    return { stack, run, kubectl: new Kubectl(realFile(set, "binaries", "kubectl").abs, kubeconfig, dir) };
}

/** Prints a test's figures (seconds) in one line, when it measured any. */
export function printFigures(label: string, figures: Record<string, number>): void {
    if (Object.keys(figures).length === 0) return;
    const text = Object.entries(figures)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(", ");
    console.log(`${label} (s): ${text}`);
}
