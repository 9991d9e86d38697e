// The spec the lab runs with: the stack file's spec, with every chart-based add-on pointed at a
// chart this machine has offline, and the ones no offline chart exists for left out (and named).
import * as path from "node:path";
import { parse, parseDocument, stringify } from "yaml";
import { CHART_DIR_ENV, pinnedArchiveIn } from "../components/network/chart-source";
import { SPEC_KEY } from "../components/spec/stack-file";
import { SPEC_FILE_KEY, mergeSpecSources, readSpecFile } from "../components/spec/spec-file";
import type { ChartName } from "../components/versions";
import { VERSION_TABLE } from "../components/version-table";
import type { SkippedAddon } from "./lab-summary";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A chart directory (`--chart-dir`, `$CONTINUUM_CHART_DIR`) and the files in it. */
export interface ChartDirListing {
    /** Absolute directory. */
    dir: string;
    /** File names in it. */
    files: string[];
}

/** The run spec and what was left out of it. */
export interface LabRunSpec {
    /** The raw `continuum:spec` value to run with. */
    spec: Raw;
    /** Add-ons left out, and why. */
    skipped: SkippedAddon[];
    /** Chart sources used, by chart name (spec, fetched, or artifact directory). */
    charts: Partial<Record<ChartName, string>>;
}

const CHART_VERSION_OVERRIDE: Partial<Record<ChartName, string>> = {
    cilium: "cilium",
    akri: "akri",
    cloudcore: "kubeedge",
    edgemesh: undefined,
};

/** The version a chart is used at: the spec's override, else the pinned one. */
function chartVersion(raw: Raw, chart: ChartName): string {
    const key = CHART_VERSION_OVERRIDE[chart];
    return (key && raw.versions?.[key]) || VERSION_TABLE.charts[chart].version;
}

/**
 * Where a chart can be had offline: the spec's `airgap.charts.<name>`, an archive the version
 * table pins (file name and sha256) in the chart directory, a chart the lab fetched from a Go
 * module (scripts/fetch-charts.sh), or `<chart>-<version>.tgz` in `airgap.artifactDir`. The
 * program verifies a pinned archive's digest before anything is created (chart-source.ts).
 */
export function offlineChart(
    raw: Raw,
    chart: ChartName,
    fetched: Partial<Record<ChartName, string>>,
    artifactFiles: string[],
    chartDir?: ChartDirListing,
): string | undefined {
    const fromSpec = raw.airgap?.charts?.[chart] as string | undefined;
    if (fromSpec) return fromSpec;
    const version = chartVersion(raw, chart);
    const pinned = VERSION_TABLE.charts[chart];
    const inChartDir = chartDir && pinnedArchiveIn(pinned, chartDir.files, version);
    if (chartDir && inChartDir) return path.join(chartDir.dir, inChartDir);
    // A fetched chart is at the pinned version; a version override needs a chart of its own.
    if (fetched[chart] && version === pinned.version) return fetched[chart];
    const dir = raw.airgap?.artifactDir as string | undefined;
    const archive = `${pinned.chart}-${version}.tgz`;
    if (dir && artifactFiles.includes(archive)) return path.join(dir, archive);
    return undefined;
}

/**
 * The spec the lab applies (pure; the input is not changed). Cilium (and with it ClusterMesh
 * membership), Akri and EdgeMesh without an offline chart are left out and listed; CloudCore
 * cannot be left out (the KubeEdge edge nodes hang off it) and is an error instead.
 */
export function labRunSpec(
    input: Raw,
    fetched: Partial<Record<ChartName, string>>,
    artifactFiles: string[],
    chartDir?: ChartDirListing,
): LabRunSpec {
    const raw = structuredClone(input) as Raw;
    const skipped: SkippedAddon[] = [];
    const charts: Partial<Record<ChartName, string>> = {};
    const use = (chart: ChartName): string | undefined => {
        const found = offlineChart(raw, chart, fetched, artifactFiles, chartDir);
        if (found) {
            charts[chart] = found;
            raw.airgap ??= {};
            raw.airgap.charts ??= {};
            raw.airgap.charts[chart] = found;
        }
        return found;
    };
    const clusters = (raw.clusters ?? []) as Raw[];
    const pin = (chart: ChartName): string => `${VERSION_TABLE.charts[chart].chart} ${chartVersion(raw, chart)}`;
    const archive = (chart: ChartName): string =>
        VERSION_TABLE.charts[chart].archives?.[0]?.fileName ??
        `${VERSION_TABLE.charts[chart].chart}-${chartVersion(raw, chart)}.tgz`;
    const where = `a chart directory (${CHART_DIR_ENV}, or npm run lab -- --chart-dir <dir>)`;

    if (clusters.some((c) => c.cilium) && !use("cilium")) {
        for (const c of clusters.filter((x) => x.cilium)) {
            skipped.push({
                cluster: c.name,
                addon: c.mesh ? "Cilium and its ClusterMesh membership" : "Cilium",
                reason:
                    `no offline chart for ${pin("cilium")} (scripts/fetch-charts.sh ` +
                    `did not provide it; set airgap.charts.cilium)`,
            });
            delete c.cilium;
            delete c.mesh;
        }
    }
    if (clusters.some((c) => c.akri) && !use("akri")) {
        for (const c of clusters.filter((x) => x.akri)) {
            skipped.push({
                cluster: c.name,
                addon: "Akri and its Configurations",
                reason:
                    `no offline chart for ${pin("akri")}: Akri publishes ` +
                    `it only in a Helm repository — put ${archive("akri")} in ${where} or airgap.artifactDir, ` +
                    `or set airgap.charts.akri`,
            });
            delete c.akri;
        }
    }
    const ke = raw.kubeedge as Raw | undefined;
    if (ke) {
        if (!use("cloudcore")) {
            throw new Error(
                `KubeEdge needs the CloudCore chart (${pin("cloudcore")}) ` +
                    `and none is available offline — run scripts/fetch-charts.sh cloudcore, or ` +
                    `set airgap.charts.cloudcore`,
            );
        }
        if (ke.edgeMesh && !use("edgemesh")) {
            skipped.push({
                cluster: ke.cloudCluster,
                addon: "EdgeMesh",
                reason:
                    `no offline chart for ${pin("edgemesh")}: it is ` +
                    `not in a Go module the proxy serves — put ${archive("edgemesh")} in ${where}, ` +
                    `or set airgap.charts.edgemesh to a chart archive`,
            });
            ke.edgeMesh = false;
        }
    }
    return { spec: raw, skipped, charts };
}

/** The stack file's text with config `key` set (or removed when `value` is undefined); everything else, comments
 * included, kept. */
export function withConfig(stackFileText: string, key: string, value: unknown): string {
    const doc = parseDocument(stackFileText);
    if (value === undefined) doc.deleteIn(["config", key]);
    else doc.setIn(["config", key], doc.createNode(value));
    return doc.toString();
}

/** The stack file's text with `continuum:spec` replaced. */
export const withSpec = (stackFileText: string, spec: Raw): string => withConfig(stackFileText, SPEC_KEY, spec);

/** What the lab runs a stack with. */
export interface RunConfig {
    /** The run config (stack file) text. */
    stackFileText: string;
    /** The run spec file text, when the stack names a `continuum:specFile`. */
    specFileText?: string;
    /** Add-ons left out. */
    skipped: SkippedAddon[];
}

/**
 * The run config of a stack file, whichever way it gives the spec: `continuum:spec`, a
 * `continuum:specFile` (too large for stack config; `runSpecFile` is where the lab writes its
 * runnable copy, relative to the project), or both — then the keys the config sets stay in the
 * config (its secrets with them) and the rest goes to the file, so that merged they are the
 * run spec again.
 */
export function runConfigFor(
    stackFileText: string,
    projectDir: string,
    runSpecFile: string,
    fetched: Partial<Record<ChartName, string>>,
    artifactFiles: (dir: string) => string[],
    chartDir?: ChartDirListing,
): RunConfig {
    const config = ((parse(stackFileText) as Raw | null)?.config ?? {}) as Raw;
    const specRaw = config[SPEC_KEY] as Raw | undefined;
    const specFile = config[SPEC_FILE_KEY] as string | undefined;
    const whole = (specFile === undefined ? specRaw : mergeSpecSources(readSpecFile(specFile, projectDir), specRaw)) as
        Raw | undefined;
    if (!whole)
        throw new Error(`the stack file has neither ${SPEC_KEY} nor ${SPEC_FILE_KEY} — describe the continuum there`);
    const dir = whole.airgap?.artifactDir as string | undefined;
    const run = labRunSpec(whole, fetched, dir ? artifactFiles(dir) : [], chartDir);
    if (specFile === undefined) return { stackFileText: withSpec(stackFileText, run.spec), skipped: run.skipped };
    const inConfig = new Set(Object.keys(specRaw ?? {}));
    const part = (keep: (k: string) => boolean): Raw =>
        Object.fromEntries(Object.entries(run.spec).filter(([k]) => keep(k)));
    const text = withConfig(
        withConfig(stackFileText, SPEC_FILE_KEY, runSpecFile),
        SPEC_KEY,
        inConfig.size > 0 ? part((k) => inConfig.has(k)) : undefined,
    );
    return { stackFileText: text, specFileText: stringify(part((k) => !inConfig.has(k))), skipped: run.skipped };
}

/** Parse `scripts/fetch-charts.sh` output: one `<name> <path>` line per chart. */
export function parseFetchedCharts(stdout: string): Partial<Record<ChartName, string>> {
    const out: Partial<Record<ChartName, string>> = {};
    for (const line of stdout.split("\n")) {
        const m = /^([a-zA-Z]+) (\/\S.*)$/.exec(line.trim());
        if (m && m[1]! in VERSION_TABLE.charts) out[m[1] as ChartName] = m[2]!;
    }
    return out;
}
