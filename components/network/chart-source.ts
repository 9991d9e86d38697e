import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ChartArchive, ChartPin } from "../versions";

/** What `helm.v3.Release` needs to find a chart: repo + name + version, or a local archive/dir. */
export interface ChartSource {
    /** Chart name in the repo, or an absolute path to a chart directory or .tgz archive. */
    chart: string;
    /** Exact version. */
    version: string;
    /** The chart repo; absent for a local chart. */
    repo?: string;
}

/** The environment variable naming a directory of pinned chart archives. */
export const CHART_DIR_ENV = "CONTINUUM_CHART_DIR";

/** The `version:` of a chart directory's Chart.yaml, or undefined when it has none. */
export function chartDirVersion(dir: string): string | undefined {
    const file = path.join(dir, "Chart.yaml");
    if (!fs.existsSync(file)) return undefined;
    const doc: unknown = parse(fs.readFileSync(file, "utf8"));
    const version = doc && typeof doc === "object" ? (doc as Record<string, unknown>).version : undefined;
    return version === undefined ? undefined : String(version);
}

/** The archives the table pins for `version` of the chart (none for another version). */
export function pinnedArchives(pin: ChartPin, version: string = pin.version): ChartArchive[] {
    return version === pin.version ? (pin.archives ?? []) : [];
}

/** The first pinned archive name of `version` among `files` (a chart directory's listing). Pure. */
export function pinnedArchiveIn(
    pin: ChartPin,
    files: readonly string[],
    version: string = pin.version,
): string | undefined {
    return pinnedArchives(pin, version)
        .map((a) => a.fileName)
        .find((name) => files.includes(name));
}

/** Lower-case hex sha256 of a file. */
export function sha256File(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Refuse an archive whose sha256 is not one the table pins for this chart version. `where` names
 * the setting that led to the file (spec field or chart directory) in the message.
 */
export function verifyChartArchive(pin: ChartPin, file: string, where: string, version: string = pin.version): void {
    const pinned = pinnedArchives(pin, version);
    if (pinned.length === 0) return;
    const actual = sha256File(file);
    if (pinned.some((a) => a.sha256 === actual)) return;
    const expected = [...new Set(pinned.map((a) => a.sha256))].join(" or ");
    throw new Error(
        `${where}: ${file} has sha256 ${actual}, but ${pin.chart} ${version} ` +
            `is pinned to sha256 ${expected} (components/version-table.ts) — ` +
            `this is not the pinned chart: replace the file with the archive ` +
            `from ${pin.repo} or the upstream tag, or remove it to use the repository`,
    );
}

/**
 * The local chart a spec field names, checked before anything is created: it exists; an archive
 * carries a digest the table pins for this version (when it pins any); a directory carries the
 * pinned version in its Chart.yaml and is refused when the version is pinned by archive digest
 * (a directory cannot be checked against it).
 */
function localChart(pin: ChartPin, where: string, localPath: string, version: string): ChartSource {
    const abs = path.resolve(localPath);
    if (!fs.existsSync(abs)) {
        throw new Error(
            `${where}: ${abs} does not exist — run scripts/fetch-charts.sh ` +
                `(it prints the path) or copy the ${pin.chart} ${version} chart there`,
        );
    }
    if (fs.statSync(abs).isDirectory()) {
        const archives = pinnedArchives(pin, version);
        if (archives.length > 0) {
            throw new Error(
                `${where}: ${abs} is a directory, but ${pin.chart} ${version} ` +
                    `is pinned by archive digest — point it at the archive (${archives[0]!.fileName}), ` +
                    `whose sha256 is checked`,
            );
        }
        const found = chartDirVersion(abs);
        if (found === undefined) {
            throw new Error(
                `${where}: ${abs} has no Chart.yaml with a version — point ` +
                    `it at the chart directory itself (the one holding Chart.yaml)`,
            );
        }
        if (found !== version) {
            throw new Error(
                `${where}: ${abs} holds ${pin.chart} ${found}, but ${version} ` +
                    `is pinned — fetch the pinned chart (scripts/fetch-charts.sh) or change the pin`,
            );
        }
    } else if (!/\.(tgz|tar\.gz)$/.test(abs)) {
        throw new Error(`${where}: ${abs} is neither a chart directory nor a .tgz archive — point it at one of them`);
    } else {
        verifyChartArchive(pin, abs, where, version);
    }
    return { chart: abs, version };
}

/**
 * Where a pinned chart comes from, in this order:
 * 1. the archive/directory the spec names (`airgap.charts.<key>`);
 * 2. a chart directory (`chartDir`, by default `$CONTINUUM_CHART_DIR`) holding an archive the
 *    version table pins by file name and sha256 (only pinned archives are taken from it);
 * 3. the chart repository (a user with internet access needs neither).
 * A local chart is verified before anything is created (see localChart); `key` names the spec
 * field in messages.
 *
 * Note (measured, docs/network-and-edge.md): the provider loads the chart in `Check` whenever the
 * release's inputs are all known — also at preview — so a local chart must exist on the machine
 * running `pulumi preview`; and it ignores `version` for a local path, hence the checks here.
 */
export function chartSource(
    pin: ChartPin,
    key: string,
    localPath?: string,
    version: string = pin.version,
    chartDir: string | undefined = process.env[CHART_DIR_ENV],
): ChartSource {
    if (localPath) return localChart(pin, `airgap.charts.${key}`, localPath, version);
    if (chartDir) {
        const dir = path.resolve(chartDir);
        if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
            throw new Error(
                `${CHART_DIR_ENV}: ${dir} is not a directory — point it ` +
                    `at the directory holding the chart archives, or unset it to use the chart repositories`,
            );
        }
        const name = pinnedArchiveIn(pin, fs.readdirSync(dir), version);
        if (name) return localChart(pin, `${CHART_DIR_ENV} (${dir})`, path.join(dir, name), version);
    }
    return { chart: pin.chart, version, repo: pin.repo };
}
