/** Shared test data of the local substrates (kind, k3d, existing). */
import * as path from "node:path";
import { parseSpec } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";
import type { ContinuumSpec } from "../../components/spec/continuum-spec";
import type { ClusterSpec } from "../../components/spec/cluster";
import type { VersionTable } from "../../components/versions";
import { VERSION_TABLE } from "../../components/version-table";

export const REPO = path.join(__dirname, "..", "..");
export const LAB_DOCKER = path.join(REPO, "stacks", "Pulumi.lab-docker.yaml");
export const LOCAL_SCRIPTS = path.join(REPO, "components", "clusters", "local", "scripts");

/**
 * The real version table plus test-only sha256 values for the artifacts it cannot verify yet
 * (the WasmEdge shim, keadm), so tests reach the code paths that use them. Test data: nothing
 * is installed from it.
 */
export function tableWithTestChecksums(): VersionTable {
    const t: VersionTable = JSON.parse(JSON.stringify(VERSION_TABLE));
    for (const name of ["wasmedgeShim", "keadm"] as const) {
        for (const f of Object.values(t.hostArtifacts[name].files))
            if (f && f.sha256 === undefined && f.sha512 === undefined) f.sha256 = "e".repeat(64);
    }
    return t;
}

/** A spec parsed as the Pulumi program parses it (secrets decrypted: plain strings allowed). */
export function specOf(raw: unknown): ContinuumSpec {
    const r = parseSpec(raw, { versions: tableWithTestChecksums() });
    if (!r.ok) throw new Error(`test spec invalid: ${JSON.stringify(r.issues)}`);
    return r.spec;
}

/**
 * The lab-docker stack's spec, with wasmedge added back on the edge agents as it will be once the
 * shim's checksum is pinned (the stack leaves it out until then).
 */
export function labDocker(): ContinuumSpec {
    const raw = readStackSpec(LAB_DOCKER) as {
        clusters: { name: string; nodes: { name: string; runtimes?: string[] }[] }[];
    };
    for (const c of raw.clusters) {
        const agent = c.nodes.find((n) => n.name === `k3d-${c.name}-agent-0`);
        if (agent) agent.runtimes = c.name === "edge-a" ? ["wasmedge", "crun"] : ["wasmedge"];
    }
    return specOf(raw);
}

/** One cluster of a spec by name. */
export function clusterNamed(spec: ContinuumSpec, name: string): ClusterSpec {
    const c = spec.clusters.find((x) => x.name === name);
    if (!c) throw new Error(`no cluster ${name}`);
    return c;
}

/** A kubeconfig as kind/k3d print it (test data; not a real credential). */
export const kubeconfigFor = (context: string, server: string): string => `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: ${server}
  name: ${context}
contexts:
- context:
    cluster: ${context}
    user: ${context}
  name: ${context}
current-context: ${context}
kind: Config
preferences: {}
users:
- name: ${context}
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;

/** Decode the env file the local scripts read on stdin (the inverse of renderLocalParams). */
export function decodeParams(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    const lines = text.split("\n");
    if (lines[0] !== "# continuum-params v1") throw new Error(`no marker: ${lines[0]}`);
    for (const line of lines.slice(1)) {
        if (line === "") continue;
        const b64 = /^([A-Z][A-Z0-9_]*):b64=(.*)$/.exec(line);
        const plain = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
        if (b64) out[b64[1]] = Buffer.from(b64[2], "base64").toString("utf8");
        else if (plain) out[plain[1]] = plain[2];
        else throw new Error(`bad line ${line}`);
    }
    return out;
}
