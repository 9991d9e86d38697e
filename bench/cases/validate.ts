// Bench case `validate`: parse and cross-check a spec with N edge nodes (fresh process per run).
import { parseSpec } from "../../components/spec";
import { BENCH_TABLE_NOTE, benchVersionTable } from "../bench-table";
import { fleetSpec } from "../fleet";
import { report } from "../report";

const nodes = Number(process.argv[2] ?? "100");
const raw = fleetSpec(nodes, process.env.BENCH_SUBSTRATE === "sim" ? "sim" : "ssh");
const t0 = process.hrtime.bigint();
const result = parseSpec(raw, { versions: benchVersionTable() });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (!result.ok) throw new Error(`fleet spec invalid: ${JSON.stringify(result.issues.slice(0, 3))}`);
report({ case: "validate", nodes, seconds, note: BENCH_TABLE_NOTE });
