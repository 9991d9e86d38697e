/** Helm charts as the policies see them (`helm.v3.Release`, `helm.v4.Chart`). */
import { at, str, UNKNOWN, type Plain, type Unknown } from "./values";

/** `kubernetes:helm.sh/v3:Release`: the form the toolkit uses for charts with hooks. */
export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
/** `kubernetes:helm.sh/v4:Chart`: client-side rendered chart (a component with the same inputs). */
export const CHART_V4_TYPE = "kubernetes:helm.sh/v4:Chart";
/** Both chart-installing types. */
export const CHART_TYPES = [RELEASE_TYPE, CHART_V4_TYPE];

/**
 * The bare chart name of a Release's `chart` input: `cilium` for `cilium`, `cilium/cilium`,
 * `oci://quay.io/cilium/charts/cilium` and `https://…/cilium-1.18.4.tgz`.
 */
export function chartName(props: Plain): string | Unknown | undefined {
    const chart = str(props, "chart");
    if (chart === UNKNOWN || chart === undefined) return chart;
    const last = chart.replace(/\/+$/, "").split("/").pop() ?? chart;
    return last.replace(/\.tgz$/, "").replace(/-v?\d+\.\d+\.\d+.*$/, "");
}

/** Whether the Release installs one of the named charts. */
export function isChart(props: Plain, names: readonly string[]): boolean {
    const name = chartName(props);
    return typeof name === "string" && names.includes(name);
}

/** Whether `chart` is a path on disk (no repository): it is versioned by its own Chart.yaml. */
export function isLocalChart(props: Plain): boolean {
    const chart = str(props, "chart");
    const repo = str(props, "repositoryOpts", "repo");
    if (typeof chart !== "string" || repo !== undefined) return false;
    return chart.startsWith("./") || chart.startsWith("../") || chart.startsWith("/");
}

/** The `values` input of a Release (merged over nothing: `valueYamlFiles` are not read). */
export function valuesOf(props: Plain): Plain | undefined {
    return at(props, "values");
}
