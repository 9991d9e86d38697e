/**
 * The local substrates' preflight and scripts, run for real: the docker client on this machine
 * talks to no engine, so "the Docker engine is not running" is the real path here. To make the
 * outcome the same on any machine, each run gets a PATH of its own (links to the real tools it
 * may use) and DOCKER_HOST points at a socket that does not exist.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderLocalParams } from "../../components/clusters/local/params";
import { LOCAL_SCRIPTS } from "./kind-fixtures";

const TOOLS = [
    "bash",
    "docker",
    "timeout",
    "grep",
    "tail",
    "sed",
    "base64",
    "mktemp",
    "dirname",
    "cat",
    "mkdir",
    "rm",
    "rmdir",
    "chmod",
    "mv",
    "env",
];

function which(tool: string): string {
    const r = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" });
    if (r.status !== 0)
        throw new Error(
            `${tool} is needed on this machine to run this test (the docker client, at least, is expected here)`,
        );
    return r.stdout.trim();
}

interface Sandbox {
    dir: string;
    bin: string;
    work: string;
}
const sandboxes: Sandbox[] = [];

/** A PATH with links to exactly the given tools (plus stand-ins written into it), and a working directory. */
function sandbox(tools: string[] = TOOLS): Sandbox {
    const dir = mkdtempSync(path.join(tmpdir(), "continuum-local-"));
    const bin = path.join(dir, "bin");
    const work = path.join(dir, "project");
    spawnSync("mkdir", ["-p", bin, work]);
    for (const t of tools) symlinkSync(which(t), path.join(bin, t));
    const s = { dir, bin, work };
    sandboxes.push(s);
    return s;
}

/** A stand-in for a binary that cannot be had here (kind, k3d): named as one, records nothing, prints a version. */
function standIn(s: Sandbox, name: string): void {
    const file = path.join(s.bin, name);
    writeFileSync(
        file,
        `#!/bin/sh\n# stand-in for ${name}: this machine has no ${name} binary\necho "${name} stand-in"\n`,
    );
    chmodSync(file, 0o755);
}

function run(s: Sandbox, script: string, args: string[], stdin = "", env: Record<string, string> = {}) {
    const r = spawnSync(path.join(s.bin, "bash"), [path.join(LOCAL_SCRIPTS, script), ...args], {
        cwd: s.work,
        input: stdin,
        encoding: "utf8",
        env: { PATH: s.bin, HOME: s.dir, TMPDIR: s.dir, DOCKER_HOST: `unix://${s.dir}/no-engine.sock`, ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
    for (const s of sandboxes) rmSync(s.dir, { recursive: true, force: true });
});

describe("check-tools.sh (preflight of kind and k3d)", () => {
    test("docker client without an engine, kind missing: both named, with how to fix each", () => {
        const r = run(sandbox(), "check-tools.sh", ["docker", "kind"]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain("continuum: the local substrate cannot run on this machine (nothing was changed):");
        expect(r.stderr).toContain(
            "  - kind is not installed (not found on PATH) — install kind " +
                "(https://kind.sigs.k8s.io/docs/user/quick-start/#installation), then run " +
                "pulumi up again",
        );
        expect(r.stderr).toMatch(
            new RegExp(
                / {2}- the Docker engine is not running or /.source +
                    /not reachable \(docker info: .*no-engine\.sock.*\) /.source +
                    /— start it \(sudo systemctl start docker, or open Docker Desktop\)/.source,
            ),
        );
        expect(r.stderr).not.toContain("docker is not installed");
    });

    test("k3d missing is named with k3d's install page", () => {
        const r = run(sandbox(), "check-tools.sh", ["docker", "k3d"]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            "  - k3d is not installed (not found on PATH) — install k3d " +
                "(https://k3d.io/#installation), then run pulumi up again",
        );
    });

    test("with kind present (a stand-in), the engine is the one remaining problem", () => {
        const s = sandbox();
        standIn(s, "kind");
        const r = run(s, "check-tools.sh", ["docker", "kind"]);
        expect(r.code).toBe(1);
        const problems = r.stderr.split("\n").filter((l) => l.startsWith("  - "));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain("the Docker engine is not running or not reachable");
    });

    test("no docker client at all: docker is named (and no engine check is attempted)", () => {
        const r = run(sandbox(TOOLS.filter((t) => t !== "docker")), "check-tools.sh", ["docker", "kind"]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            "  - docker is not installed (not found on PATH) — install Docker " +
                "Engine (https://docs.docker.com/engine/install/) or Docker Desktop, then " +
                "run pulumi up again",
        );
        expect(r.stderr).not.toContain("Docker engine");
    });

    test("kubectl alone, present: passes", () => {
        const s = sandbox([...TOOLS, "kubectl"]);
        expect(run(s, "check-tools.sh", ["kubectl"]).code).toBe(0);
    });

    test("an unknown tool is a caller bug, exit 2", () => {
        const r = run(sandbox(), "check-tools.sh", ["podman"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("unknown argument podman");
    });
});

const createParams = (config: string) =>
    renderLocalParams({
        CLUSTER_NAME: "lab",
        STATE_DIR: ".continuum/lab",
        SHIM_DIR: ".continuum/shims",
        DOCKER_NETWORK: "continuum",
        CONFIG: config,
        ARCH: "amd64",
        NEEDS_KVM: "false",
        FILE_COUNT: "1",
        FILE_0_PATH: "certs.d/docker.io/hosts.toml",
        FILE_0_CONTENT: "x",
    });

describe.each([
    ["kind-create.sh", "kind-delete.sh", "kind"],
    ["k3d-create.sh", "k3d-delete.sh", "k3d"],
])("%s without Docker", (create, del, tool) => {
    test("fails before anything is written or created, saying which tools and how to install them", () => {
        const s = sandbox();
        const r = run(s, create, [], createParams("kind: Cluster\n"));
        expect(r.code).toBe(1);
        expect(r.stdout).toBe(""); // no kubeconfig
        expect(r.stderr).toContain(`  - ${tool} is not installed`);
        expect(r.stderr).toContain("the Docker engine is not running or not reachable");
        expect(readdirSync(s.work)).toEqual([]); // no state directory, no config, no shim directory
    });

    test("with the tool present, the engine still stops it before anything is written", () => {
        const s = sandbox();
        standIn(s, tool);
        const r = run(s, create, [], createParams("kind: Cluster\n"));
        expect(r.code).toBe(1);
        expect(r.stderr).not.toContain(`${tool} is not installed`);
        expect(r.stderr).toContain("the Docker engine is not running or not reachable");
        expect(existsSync(path.join(s.work, ".continuum"))).toBe(false);
    });

    test("the delete script refuses too (the cluster cannot be removed without the engine) and removes nothing", () => {
        const s = sandbox();
        spawnSync("mkdir", ["-p", path.join(s.work, ".continuum", "lab")]);
        writeFileSync(path.join(s.work, ".continuum", "lab", `${tool}-config.yaml`), "kept\n");
        const r = run(s, del, [], createParams("kind: Cluster\n"));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("the Docker engine is not running or not reachable");
        expect(readdirSync(path.join(s.work, ".continuum", "lab"))).toEqual([`${tool}-config.yaml`]);
    });

    test("missing parameters are named", () => {
        const r = run(sandbox(), create, [], renderLocalParams({ CLUSTER_NAME: "lab" }));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            "parameter STATE_DIR is missing — pass STATE_DIR=<value> in the env " + "file on stdin",
        );
    });
});

describe("existing-check.sh against a real kubectl", () => {
    const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: ${server}
    insecure-skip-tls-verify: true
  name: c
contexts:
- context: {cluster: c, user: u}
  name: c
current-context: c
users:
- name: u
  user: {token: not-a-real-token}
`;

    test("an API that does not answer stops the check, naming the cluster; the temporary kubeconfig is removed", () => {
        const s = sandbox([...TOOLS, "kubectl"]);
        // port 1 on loopback: nothing listens there
        const r = run(
            s,
            "existing-check.sh",
            [],
            renderLocalParams({ CLUSTER_NAME: "office", KUBECONFIG_DATA: kubeconfig("https://127.0.0.1:1") }),
        );
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(
            new RegExp(
                /continuum\[existing-check\]: the API of /.source +
                    /cluster 'office' does not answer: .*127\.0\.0\.1:1.* /.source +
                    /— check that the cluster runs/.source,
            ),
        );
        expect(r.stderr).not.toContain("not-a-real-token");
        expect(readdirSync(s.dir).filter((f) => f.startsWith("continuum-kubeconfig"))).toEqual([]);
    });

    test("a context the kubeconfig lacks is reported by kubectl through the same message", () => {
        const s = sandbox([...TOOLS, "kubectl"]);
        const r = run(
            s,
            "existing-check.sh",
            [],
            renderLocalParams({
                CLUSTER_NAME: "office",
                KUBECONFIG_DATA: kubeconfig("https://127.0.0.1:1"),
                CONTEXT: "staging",
            }),
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/the API of cluster 'office' \(context staging\) does not answer: .*staging/);
    });

    test("without kubectl: named, with how to install it", () => {
        const r = run(
            sandbox(),
            "existing-check.sh",
            [],
            renderLocalParams({ CLUSTER_NAME: "office", KUBECONFIG_DATA: kubeconfig("https://127.0.0.1:1") }),
        );
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            "  - kubectl is not installed (not found on PATH) — install " +
                "kubectl (https://kubernetes.io/docs/tasks/tools/#kubectl)",
        );
    });
});

describe("stage-shims.sh: pinned shims into the directory the nodes mount", () => {
    const STAGE_TOOLS = [...TOOLS, "sha256sum", "cut", "tar", "gzip", "install", "cmp"];
    const sha = (file: string) => spawnSync("sha256sum", [file], { encoding: "utf8" }).stdout.split(" ")[0];

    /** An airgap directory with a stand-in crun (a script, not the real binary) and a stand-in shim tarball. */
    function airgap(s: Sandbox) {
        const dir = path.join(s.dir, "artifacts");
        spawnSync("mkdir", ["-p", path.join(dir, "pkg")]);
        writeFileSync(path.join(dir, "crun-test-linux-amd64"), "#!/bin/sh\n# stand-in for crun\n");
        writeFileSync(
            path.join(dir, "pkg", "containerd-shim-wasmedge-v1"),
            "#!/bin/sh\n# stand-in for the wasmedge shim\n",
        );
        spawnSync("tar", [
            "-czf",
            path.join(dir, "shim.tar.gz"),
            "-C",
            path.join(dir, "pkg"),
            "containerd-shim-wasmedge-v1",
        ]);
        return {
            dir,
            crunSha: sha(path.join(dir, "crun-test-linux-amd64")),
            shimSha: sha(path.join(dir, "shim.tar.gz")),
        };
    }

    const params = (a: { dir: string; crunSha: string; shimSha: string }, over: Record<string, string> = {}) =>
        renderLocalParams({
            SHIM_DIR: ".continuum/shims",
            AIRGAP_DIR: a.dir,
            SHIM_COUNT: "2",
            SHIM_0_NAME: "crun",
            SHIM_0_ARTIFACT: "crun test for amd64",
            SHIM_0_URL: "https://example.invalid/crun",
            SHIM_0_SHA256: a.crunSha,
            SHIM_0_FILE: "crun-test-linux-amd64",
            SHIM_0_MEMBER: "",
            SHIM_1_NAME: "containerd-shim-wasmedge-v1",
            SHIM_1_ARTIFACT: "wasmedgeShim test for amd64",
            SHIM_1_URL: "https://example.invalid/shim.tar.gz",
            SHIM_1_SHA256: a.shimSha,
            SHIM_1_FILE: "shim.tar.gz",
            SHIM_1_MEMBER: "containerd-shim-wasmedge-v1",
            ...over,
        });

    test("verified files are installed executable; a second run changes nothing", () => {
        const s = sandbox(STAGE_TOOLS);
        const a = airgap(s);
        const first = run(s, "stage-shims.sh", [], params(a));
        expect(first.code).toBe(0);
        expect(first.stderr).toContain("staged crun test for amd64 as .continuum/shims/crun");
        const shims = path.join(s.work, ".continuum", "shims");
        expect(readdirSync(shims).sort()).toEqual(["containerd-shim-wasmedge-v1", "crun"]);
        expect(spawnSync("test", ["-x", path.join(shims, "crun")]).status).toBe(0);
        expect(sha(path.join(shims, "containerd-shim-wasmedge-v1"))).toBe(
            sha(path.join(a.dir, "pkg", "containerd-shim-wasmedge-v1")),
        );
        const second = run(s, "stage-shims.sh", [], params(a));
        expect(second.code).toBe(0);
        expect(second.stderr).toBe("");
    });

    test("a shim without a pinned sha256 is refused, saying what to do, and nothing is staged", () => {
        const s = sandbox(STAGE_TOOLS);
        const a = airgap(s);
        const r = run(s, "stage-shims.sh", [], params(a, { SHIM_0_SHA256: "" }));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            "crun test for amd64 has no published digest in continuum's " +
                "version table, so it cannot be verified (no cluster was created) — pin it " +
                "in the stack (artifacts.<name>.<arch>.sha256 or .sha512: upstream's published " +
                "digest of https://example.invalid/crun, or sha256sum of a copy you verified), " +
                "or remove the runtime that needs crun from the nodes' runtimes",
        );
        expect(readdirSync(path.join(s.work, ".continuum", "shims"))).toEqual([]);
    });

    test("a file whose sha256 differs is refused", () => {
        const s = sandbox(STAGE_TOOLS);
        const a = airgap(s);
        const r = run(s, "stage-shims.sh", [], params(a, { SHIM_1_SHA256: "0".repeat(64) }));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            `airgap: ${a.dir}/shim.tar.gz has sha256 ${a.shimSha}, expected ${"0".repeat(64)} (no cluster was created)`,
        );
    });

    test("a missing airgap file names the URL to fetch it from", () => {
        const s = sandbox(STAGE_TOOLS);
        const a = airgap(s);
        rmSync(path.join(a.dir, "crun-test-linux-amd64"));
        const r = run(s, "stage-shims.sh", [], params(a));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
            `airgap: crun-test-linux-amd64 is not in ${a.dir} — download ` +
                `https://example.invalid/crun there as crun-test-linux-amd64`,
        );
    });

    test(
        "without an airgap directory: fetched once into the artifact cache " +
            "by the hosts' fetch script, then staged",
        () => {
            const s = sandbox([...STAGE_TOOLS, "curl"]);
            const a = airgap(s);
            const cache = path.join(s.dir, "cache");
            const p = params(a, {
                AIRGAP_DIR: "",
                SHIM_COUNT: "1",
                SHIM_0_URL: `file://${a.dir}/crun-test-linux-amd64`,
            });
            const r = run(s, "stage-shims.sh", [], p, { CONTINUUM_ARTIFACT_CACHE: cache });
            expect(r.code).toBe(0);
            expect(readdirSync(cache)).toEqual(["crun-test-linux-amd64"]);
            expect(sha(path.join(s.work, ".continuum", "shims", "crun"))).toBe(a.crunSha);
        },
    );

    test("no shims: nothing to do, nothing written", () => {
        const s = sandbox(STAGE_TOOLS);
        const r = run(s, "stage-shims.sh", [], renderLocalParams({ SHIM_DIR: ".continuum/shims", SHIM_COUNT: "0" }));
        expect(r.code).toBe(0);
        expect(readdirSync(s.work)).toEqual([]);
    });
});
