import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ChartPin } from "../versions";

/** What `helm.v3.Release` needs to find a chart: repo + name + version, or a local archive/dir. */
export interface ChartSource {
    /** Chart name in the repo, or an absolute path to a chart directory or .tgz archive. */
    chart: string;
    /** Exact version. */
    version: string;
    /** The chart repo; absent for a local chart. */
    repo?: string;
}

/** The `version:` of a chart directory's Chart.yaml, or undefined when it has none. */
export function chartDirVersion(dir: string): string | undefined {
    const file = path.join(dir, "Chart.yaml");
    if (!fs.existsSync(file)) return undefined;
    const doc: unknown = parse(fs.readFileSync(file, "utf8"));
    const version = doc && typeof doc === "object" ? (doc as Record<string, unknown>).version : undefined;
    return version === undefined ? undefined : String(version);
}

/**
 * Where a pinned chart comes from: the repo, or (airgap) the archive/directory the spec names.
 * A local directory must carry the pinned version, or the release would silently differ from
 * the pin; the check runs before anything is created. `key` names the spec field in messages.
 *
 * Note (measured, docs/network-and-edge.md): the provider loads the chart in `Check` whenever the
 * release's inputs are all known — also at preview — so a local chart must exist on the machine
 * running `pulumi preview`; and it ignores `version` for a local path, hence the check here.
 */
export function chartSource(pin: ChartPin, key: string, localPath?: string, version: string = pin.version): ChartSource {
    if (!localPath) return { chart: pin.chart, version, repo: pin.repo };
    const abs = path.resolve(localPath);
    if (!fs.existsSync(abs)) {
        throw new Error(`airgap.charts.${key}: ${abs} does not exist — run scripts/fetch-charts.sh (it prints the path) or copy the ${pin.chart} ${version} chart there`);
    }
    if (fs.statSync(abs).isDirectory()) {
        const found = chartDirVersion(abs);
        if (found === undefined) {
            throw new Error(`airgap.charts.${key}: ${abs} has no Chart.yaml with a version — point it at the chart directory itself (the one holding Chart.yaml)`);
        }
        if (found !== version) {
            throw new Error(`airgap.charts.${key}: ${abs} holds ${pin.chart} ${found}, but ${version} is pinned — fetch the pinned chart (scripts/fetch-charts.sh) or change the pin`);
        }
    } else if (!/\.(tgz|tar\.gz)$/.test(abs)) {
        throw new Error(`airgap.charts.${key}: ${abs} is neither a chart directory nor a .tgz archive — point it at one of them`);
    }
    return { chart: abs, version };
}
