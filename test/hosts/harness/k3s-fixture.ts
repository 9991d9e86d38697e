/**
 * The K3s fixture (test/hosts/fixtures/k3s-fleet: the real K3sCluster) set up against a test-host
 * run: the stand-in K3s binary in an airgap directory, a `continuum:spec` naming the run's hosts
 * with the host keys read from them and pinning the stand-in (`artifacts.k3s.amd64`), and a stack
 * whose secrets (SSH key, sudo password, join token) are encrypted.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { VERSION_TABLE } from "../../../components/version-table";
import { FixtureStack } from "./pulumi-stack";
import type { TestHostRun } from "./test-hosts";

export const K3S_FIXTURE = path.join(__dirname, "..", "fixtures", "k3s-fleet");
const STANDIN = path.join(__dirname, "..", "fixtures", "standins", "k3s-standin.sh");
/** Where the stand-in writes its call log on a host. */
export const STANDIN_LOG = "/var/log/k3s-standin.log";
/** The K3s version the table pins (the stand-in reports it). */
export const K3S_VERSION = VERSION_TABLE.hostArtifacts.k3s.version;

/** A node of the fixture's cluster. */
export interface FixtureNode {
    /** Test host name = Kubernetes node name. */
    name: string;
    /** The K3s cluster of the spec it belongs to (each is a K3sCluster of its own). @default "edge" */
    cluster?: string;
    role: "server" | "agent";
    runtimes?: string[];
    capabilities?: string[];
    labels?: Record<string, string>;
}

/** How the fixture stack is set up. */
export interface K3sFixtureOptions {
    nodes: FixtureNode[];
    /** Reach every node through this host of the run (`ssh.bastion`). */
    bastion?: string;
    /** `ssh.sudo.mode`. @default "nopasswd" */
    sudo?: "nopasswd" | "password";
    /** Keep the cgroup v2 preflight requirement (these hosts fail it). @default false */
    requireCgroupV2?: boolean;
    /** Clusters whose K3s file is a corrupted copy (their nodes' bundles carry it). @default [] */
    corruptArtifactIn?: string[];
    /** Override a node's pinned host key (node name → key). */
    hostKeys?: Record<string, string>;
    /** `ssh.timeoutSeconds`. @default 120 */
    timeoutSeconds?: number;
}

/** The stand-in, named as one, in an airgap directory; a corrupted copy in another. */
export function prepareArtifacts(dir: string): {
    fileName: string;
    sha256: string;
    airgapDir: string;
    corruptDir: string;
} {
    const airgapDir = path.join(dir, "airgap");
    const corruptDir = path.join(dir, "airgap-corrupt");
    mkdirSync(airgapDir, { recursive: true });
    mkdirSync(corruptDir, { recursive: true });
    const text = readFileSync(STANDIN, "utf8").replace("@K3S_VERSION@", K3S_VERSION);
    const fileName = `k3s-standin-${K3S_VERSION}-amd64`;
    writeFileSync(path.join(airgapDir, fileName), text, { mode: 0o755 });
    // One flipped byte in the middle: what a truncated or tampered download looks like to sha256.
    const bad = Buffer.from(text);
    bad[Math.floor(bad.length / 2)] ^= 0x20;
    writeFileSync(path.join(corruptDir, fileName), bad, { mode: 0o755 });
    // Kata's archive under its pinned name, as a user's airgap directory holds it: a node asking for
    // kata is planned (its runtimes step) before anything is declared. Never installed here: those
    // nodes fail their preflight (no /dev/kvm) first.
    const kata = VERSION_TABLE.hostArtifacts.kata.files.amd64;
    if (kata) writeFileSync(path.join(airgapDir, kata.fileName), "STAND-IN: not Kata's archive; never installed\n");
    return { fileName, sha256: createHash("sha256").update(text).digest("hex"), airgapDir, corruptDir };
}

/** The stand-in's pin as a stack writes it, read from the file in `airgapDir`. */
function standInPins(airgapDir: string): Record<string, unknown> {
    const fileName = `k3s-standin-${K3S_VERSION}-amd64`;
    const sha256 = createHash("sha256")
        .update(readFileSync(path.join(airgapDir, fileName)))
        .digest("hex");
    return { k3s: { amd64: { fileName, sha256 } } };
}

/** Network ranges of the spec's clusters, in order of first appearance (they must not overlap). */
const NETWORKS = [
    { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
    { podCidr: "10.44.0.0/16", serviceCidr: "10.45.0.0/16" },
];

/**
 * The `continuum:spec` of a K3s continuum on the run's hosts (no secrets in it): one cluster per
 * `cluster` of the nodes, "edge" first; the stand-in in `airgapDir` pinned by the stack.
 */
export function k3sSpec(hosts: TestHostRun, opts: K3sFixtureOptions, airgapDir: string): Record<string, unknown> {
    const bastion = opts.bastion ? hosts.host(opts.bastion) : undefined;
    const names = [...new Set(["edge", ...opts.nodes.map((n) => n.cluster ?? "edge")])];
    return {
        ssh: {
            user: "continuum",
            sudo: { mode: opts.sudo ?? "nopasswd" },
            timeoutSeconds: opts.timeoutSeconds ?? 120,
            ...(bastion
                ? { bastion: { host: bastion.address, port: 22, user: bastion.user, hostKey: bastion.hostKey } }
                : {}),
        },
        airgap: { artifactDir: airgapDir },
        artifacts: standInPins(airgapDir),
        clusters: names.map((name, i) => ({
            name,
            tier: "edge",
            distribution: "k3s",
            substrate: "ssh",
            network: NETWORKS[i],
            nodes: opts.nodes
                .filter((n) => (n.cluster ?? "edge") === name)
                .map((n) => {
                    const h = hosts.host(n.name);
                    return {
                        name: n.name,
                        host: h.address,
                        hostKey: opts.hostKeys?.[n.name] ?? h.hostKey,
                        roles: [n.role],
                        ...(n.runtimes ? { runtimes: n.runtimes } : {}),
                        ...(n.capabilities ? { capabilities: n.capabilities } : {}),
                        ...(n.labels ? { labels: n.labels } : {}),
                    };
                }),
        })),
    };
}

/** The fixture stack and what the test needs to check against. */
export interface K3sStack {
    stack: FixtureStack;
    /** The join token (a secret in the stack config). */
    token: string;
    /** The stand-in's pinned file name and sha256. */
    artifact: { fileName: string; sha256: string };
}

/** Create the fixture stack for the run (state, config and logs under the run directory). */
export async function k3sStack(hosts: TestHostRun, name: string, opts: K3sFixtureOptions): Promise<K3sStack> {
    const dir = path.join(hosts.dir, "stacks", name);
    const art = prepareArtifacts(dir);
    const stack = new FixtureStack(K3S_FIXTURE, name, dir);
    const token = randomBytes(24).toString("hex");
    const secrets: Record<string, string> = {
        "continuum:spec.ssh.privateKey": hosts.privateKey,
        "fixture:k3sToken": token,
    };
    if ((opts.sudo ?? "nopasswd") === "password") secrets["continuum:spec.ssh.sudo.password"] = hosts.password;
    await stack.init(
        {
            "continuum:spec": k3sSpec(hosts, opts, art.airgapDir),
            "fixture:cluster": "edge",
            "fixture:requireCgroupV2": opts.requireCgroupV2 ?? false,
            "fixture:corruptArtifactIn": opts.corruptArtifactIn ?? [],
            "fixture:corruptArtifactDir": art.corruptDir,
        },
        secrets,
    );
    return { stack, token, artifact: { fileName: art.fileName, sha256: art.sha256 } };
}

/** Drop nodes from the stack's `continuum:spec` (as a user deletes them from the stack file). */
export function dropNodes(stack: FixtureStack, names: string[]): void {
    stack.updateConfig((config) => {
        const spec = config["continuum:spec"] as { clusters: { nodes: { name: string }[] }[] };
        for (const c of spec.clusters) c.nodes = c.nodes.filter((n) => !names.includes(n.name));
    });
}
