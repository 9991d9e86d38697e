/**
 * The KubeEdge set the toolchain builds (`npm run toolchain -- --real`, or `-- --kubeedge`;
 * scripts/toolchain-set-kubeedge.sh): `$CONTINUUM_CACHE/tools/kubeedge-<version>/manifest.json`
 * lists the keadm release-shaped archive, the CloudCore chart and the image archives (CloudCore,
 * iptables-manager, installation-package) with their sha256. `withKubeEdge` adds them to a real
 * stack the way a user with an offline site pins them: `artifacts.keadm`, `airgap.images`,
 * `airgap.charts.cloudcore`, and the spec's `kubeedge:` section.
 */
import { copyFileSync, existsSync, linkSync, readdirSync, readFileSync, appendFileSync } from "node:fs";
import * as path from "node:path";
import { imageArchiveName } from "../../../components/hosts/images";
import { VERSION_TABLE } from "../../../components/version-table";
import type { TestHostRun } from "../../hosts/harness/test-hosts";
import { TOOLS_CACHE } from "./real-set";
import { EVICTION_HARD } from "./real-stack";

/** manifest.json of the KubeEdge set. */
export interface KubeEdgeSet {
    dir: string;
    kubeedgeVersion: string;
    arch: string;
    archives: { name: string; version: string; path: string; sha256: string; sha512: string }[];
    charts: { name: string; version: string; path: string; sha256: string }[];
    images: { ref: string; path: string; sha256: string }[];
}

/** The KubeEdge set at the version the version table pins, or a message saying how to build it. */
export function findKubeEdgeSet(): KubeEdgeSet | string {
    const want = `v${VERSION_TABLE.charts.cloudcore.version}`;
    const manifest = path.join(TOOLS_CACHE, `kubeedge-${want}`, "manifest.json");
    if (!existsSync(manifest)) {
        const found = existsSync(TOOLS_CACHE) ? readdirSync(TOOLS_CACHE).filter((d) => d.startsWith("kubeedge-")) : [];
        return (
            `no KubeEdge set ${want} in ${TOOLS_CACHE} ` +
            `(kubeedge-${want}/manifest.json${found.length > 0 ? `; found ${found.join(", ")}` : ""}) ` +
            `— build it with \`npm run toolchain -- --real\` (docs/toolchain.md)`
        );
    }
    return { ...(JSON.parse(readFileSync(manifest, "utf8")) as Omit<KubeEdgeSet, "dir">), dir: path.dirname(manifest) };
}

function place(src: string, to: string): void {
    if (existsSync(to)) return;
    try {
        linkSync(src, to);
    } catch {
        copyFileSync(src, to);
    }
}

/** What `withKubeEdge` needs of the real stack it extends. */
export interface KubeEdgeStackInput {
    /** The real stack's `continuum:spec` (realStack().spec), changed in place. */
    spec: Record<string, unknown>;
    /** Name of the kubeadm cluster that hosts CloudCore. */
    cloudCluster: string;
    /** Edge hosts of the run. */
    edgeNodes: string[];
}

/**
 * Pin the set's keadm (sha512, as upstream publishes it), add its images to the stack's
 * airgap.images directory (with their sha256 in its SHA256SUMS), the chart as
 * airgap.charts.cloudcore, and the `kubeedge:` section with the edge nodes (system containers).
 */
export function withKubeEdge(hosts: TestHostRun, set: KubeEdgeSet, input: KubeEdgeStackInput): void {
    const spec = input.spec as {
        airgap: { artifactDir: string; images: { dir: string }; charts?: Record<string, string> };
        artifacts: Record<string, unknown>;
        kubeedge?: unknown;
    };
    const keadm = set.archives.find((a) => a.name === "keadm");
    const chart = set.charts.find((c) => c.name === "cloudcore");
    if (!keadm || !chart)
        throw new Error(
            `the KubeEdge set in ${set.dir} has no keadm archive or cloudcore ` +
                `chart — rebuild it (npm run toolchain -- --real)`,
        );
    const keadmName = path.basename(keadm.path);
    place(path.join(set.dir, keadm.path), path.join(spec.airgap.artifactDir, keadmName));
    spec.artifacts.keadm = { amd64: { fileName: keadmName, sha512: keadm.sha512 } };
    const sums: string[] = [];
    for (const image of set.images) {
        const name = imageArchiveName(image.ref, set.arch);
        place(path.join(set.dir, image.path), path.join(spec.airgap.images.dir, name));
        sums.push(`${image.sha256}  ${name}`);
    }
    appendFileSync(path.join(spec.airgap.images.dir, "SHA256SUMS"), `${sums.join("\n")}\n`);
    spec.airgap.charts = { ...spec.airgap.charts, cloudcore: path.join(set.dir, chart.path) };
    spec.kubeedge = {
        cloudCluster: input.cloudCluster,
        // The edge host sees this machine's whole disk too (real-stack.ts EVICTION_HARD).
        hostSystem: { systemContainer: true, evictionHard: EVICTION_HARD },
        nodes: input.edgeNodes.map((name) => ({
            name,
            host: hosts.host(name).address,
            hostKey: hosts.host(name).hostKey,
        })),
    };
}
