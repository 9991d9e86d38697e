/**
 * Bench case `model`: construct the Continuum for fleetSpec(N) under Pulumi mocks, as a first
 * preview sees it (dry run: resource outputs unknown), and wait until every registration settled.
 * Prints resources registered, wall seconds (parse excluded: that is the `validate` case) and
 * the process's peak RSS. A fresh process per run (bench/run.ts). Host artifacts are empty
 * stand-ins in an airgap directory (bench/stand-ins.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as ContinuumModule from "../../components/continuum";
import type * as ParseModule from "../../components/spec/parse";
import type * as SdkStackTraces from "../../components/sdk-patches/stack-traces";
import type * as SdkRpcTraces from "../../components/sdk-patches/rpc-traces";
import type * as SdkLeanPromises from "../../components/sdk-patches/lean-promises";
import { BENCH_TABLE_NOTE, useBenchChecksumsInThisProcess } from "../bench-table";
import { fleetSpec } from "../fleet";
import { benchScratch } from "../stand-ins";
import { report } from "../report";

const nodes = Number(process.argv[2] ?? "100");
let resources = 0;
const byType = new Map<string, number>();
void pulumi.runtime.setMocks(
    {
        newResource(args) {
            resources++;
            if (process.env.BENCH_TYPES) byType.set(args.type, (byType.get(args.type) ?? 0) + 1);
            // Dry run, nothing known: what a first `pulumi preview` sees.
            return { id: undefined, state: {} };
        },
        call(args) {
            return args.inputs;
        },
    },
    "continuum",
    "bench",
    true,
);
useBenchChecksumsInThisProcess();
// As the program does (index.ts): the SDK's own stack captures skip source maps, its RPC traces are not sent,
// its promises are lean (PULUMI_DEBUG_PROMISE_LEAKS=1 keeps the SDK's debuggablePromise: the "before" figure).
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("../../components/sdk-patches/stack-traces") as typeof SdkStackTraces).plainSdkStackTraces();
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("../../components/sdk-patches/rpc-traces") as typeof SdkRpcTraces).quietSdkRpcTraces();
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("../../components/sdk-patches/lean-promises") as typeof SdkLeanPromises).leanSdkPromises();

// Imported after the mocks and the checksums are in place.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Continuum } = require("../../components/continuum") as typeof ContinuumModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseSpecOrThrow } = require("../../components/spec/parse") as typeof ParseModule;

const scratch = benchScratch();
process.env.CONTINUUM_BUNDLE_DIR = scratch.bundles;

async function main(): Promise<void> {
    const spec = parseSpecOrThrow({ ...fleetSpec(nodes), airgap: { artifactDir: scratch.artifacts } });
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    new Continuum("continuum", { spec });
    // Wait for every outstanding registration (the SDK's RPC queue) to drain.
    await pulumi.runtime.disconnect();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e5) / 10;
    if (process.env.BENCH_TYPES) {
        const rows = [...byType.entries()].sort((a, b) => b[1] - a[1]);
        for (const [t, n] of rows) process.stderr.write(`${String(n).padStart(7)}  ${t}\n`);
    }
    report({ case: "model", nodes, resources, seconds, cpuSeconds, note: BENCH_TABLE_NOTE });
}

main()
    .catch((e: Error) => {
        process.stderr.write(`bench model ${nodes}: ${e.stack ?? e.message}\n`);
        process.exitCode = 1;
    })
    .finally(() => scratch.cleanup());
