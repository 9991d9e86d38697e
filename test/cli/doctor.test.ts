import { spawnSync } from "node:child_process";
import * as net from "node:net";
import { join } from "node:path";
import {
    atLeast,
    checkDisk,
    checkDocker,
    checkGo,
    checkHostTool,
    checkInotify,
    checkNode,
    checkPorts,
    checkRoot,
    highestGoNeed,
} from "../../components/cli/doctor-checks";
import {
    doctorCommand,
    formatDoctor,
    kindHostPorts,
    labPorts,
    parseDoctorArgs,
    runDoctor,
    stackNameOf,
} from "../../components/cli/doctor";
import { continuumSpecSchema } from "../../components/spec/continuum-spec";
import { realProbes, type DoctorProbes, type RunResult } from "../../components/cli/doctor-probes";
import { loadStackSpec } from "../../components/cli/stack-spec";

const root = join(__dirname, "..", "..");
const GIB = 2 ** 30;

function spec(file: string) {
    const loaded = loadStackSpec(join(root, "stacks", file));
    if (!loaded.ok) throw new Error(loaded.stderr);
    return loaded.spec;
}

/** A machine of the test's own: every probe answers from these fields. */
function machine(
    over: Partial<{
        node: string;
        uid: number;
        bins: Record<string, RunResult>;
        files: Record<string, string>;
        dirs: Record<string, string[]>;
        free: number;
        busy: number[];
    }> = {},
): DoctorProbes {
    const m = {
        node: "v20.19.0",
        uid: 1000,
        free: 100 * GIB,
        busy: [] as number[],
        bins: { go: { ok: true, stdout: "go version go1.26.2 linux/amd64\n" } } as Record<string, RunResult>,
        files: {
            [join("/p", "package.json")]: JSON.stringify({ engines: { node: ">=20" } }),
            "/p/tools/etcd/go.mod": "module x\n\ngo 1.26.0\n",
            "/p/tools/kube/go.mod": "module y\n\ngo 1.25.11\n",
        } as Record<string, string>,
        dirs: { "/p/tools": ["etcd", "kube", "versions.env"], "/p/.tools/bin": ["pulumi"] } as Record<string, string[]>,
        ...over,
    };
    return {
        nodeVersion: m.node,
        uid: m.uid,
        run: (cmd) => m.bins[cmd],
        readText: (f) => m.files[f],
        list: (d) => m.dirs[d] ?? [],
        freeBytes: () => m.free,
        busyPorts: async (ports) => new Set(ports.filter((p) => m.busy.includes(p))),
    };
}

describe("continuum doctor checks", () => {
    it("compares versions numerically", () => {
        expect(atLeast("v20.19.0", "20")).toBe(true);
        expect(atLeast("1.9.0", "1.26.0")).toBe(false);
        expect(atLeast("1.26", "1.26.0")).toBe(true);
        expect(atLeast("1.25.11", "1.26.0")).toBe(false);
    });

    it("Node.js: below the engines minimum fails with how to upgrade", () => {
        expect(checkNode("v20.19.0", "20").ok).toBe(true);
        expect(checkNode("v18.20.4", "20")).toEqual({
            name: "Node.js",
            ok: false,
            detail: "v18.20.4, needs >= 20",
            fix: "install Node.js 20 or later (e.g. `nvm install 20`) and run npm ci again",
        });
    });

    it("Go: needs the highest go directive of tools/*/go.mod", () => {
        const need = highestGoNeed([
            { file: "tools/a/go.mod", text: "go 1.24.7\n" },
            { file: "tools/b/go.mod", text: "module b\ngo 1.26.0\n" },
            { file: "tools/c/go.mod", text: "go 1.25.11" },
        ]);
        expect(need).toEqual({ file: "tools/b/go.mod", version: "1.26.0" });
        expect(checkGo("go version go1.26.8 linux/amd64", need!).ok).toBe(true);
        const old = checkGo("go version go1.25.11 linux/amd64", need!);
        expect(old.ok).toBe(false);
        expect(old.detail).toBe("go1.25.11, needs >= 1.26.0 (tools/b/go.mod)");
        expect(old.fix).toContain("https://go.dev/dl/go1.26.0.linux-amd64.tar.gz");
        expect(checkGo(undefined, need!).detail).toBe("no `go` on PATH, needs >= 1.26.0 (tools/b/go.mod)");
    });

    it("Docker: no CLI, no daemon, and a daemon that answers", () => {
        expect(checkDocker(false, undefined, ["a"]).fix).toContain("sudo systemctl enable --now docker");
        expect(checkDocker(true, undefined, ["a", "b"])).toMatchObject({
            ok: false,
            detail: "the Docker daemon does not answer `docker info`, needed for the kind/k3d clusters a, b",
        });
        expect(checkDocker(true, "28.1.1", ["a"])).toMatchObject({
            ok: true,
            detail: "server 28.1.1 (for the kind/k3d cluster a)",
        });
    });

    it("root and the hosts tier's packages", () => {
        expect(checkRoot(0, false).ok).toBe(true);
        expect(checkRoot(1000, true).ok).toBe(true);
        expect(checkRoot(1000, false).ok).toBe(false);
        expect(checkHostTool("debootstrap", "debootstrap", false, true).ok).toBe(true);
        expect(checkHostTool("systemd-nspawn", "systemd-container", false, false)).toMatchObject({
            ok: false,
            fix: "sudo apt-get install systemd-container",
        });
    });

    it("ports: a busy one is named with its use", () => {
        const ports = [
            { port: 20000, use: "a's api" },
            { port: 20001, use: "a's etcd" },
        ];
        expect(checkPorts(ports, new Set())).toMatchObject({ ok: true, detail: "2 ports free (20000–20001)" });
        const busy = checkPorts(ports, new Set([20001]));
        expect(busy).toMatchObject({ ok: false, detail: "in use: 20001 (a's etcd)" });
        expect(busy.fix).toContain("ss -ltnp 'sport = :20001'");
    });

    it("inotify and disk: thresholds and the sysctl that fixes them", () => {
        const need = { instances: 512, watches: 524288, why: "for kind nodes" };
        expect(checkInotify(512, 524288, need).ok).toBe(true);
        expect(checkInotify(128, 524288, need).fix).toBe(
            "sudo sysctl -w fs.inotify.max_user_instances=512 (keep it: " +
                "put the same lines in /etc/sysctl.d/99-continuum.conf)",
        );
        expect(checkInotify(undefined, 1, need).ok).toBe(false);
        expect(checkDisk("x", "/d", 2 * GIB, GIB).ok).toBe(true);
        expect(checkDisk("x", "/d", GIB / 2, GIB)).toMatchObject({
            ok: false,
            detail: "0.5 GiB free in /d, needs 1.0 GiB for x",
        });
    });
});

describe("continuum doctor", () => {
    it("takes the lab's ports the way the sim substrate does: six per cluster from its API port", () => {
        const ports = labPorts(spec("Pulumi.lab.yaml"), "lab");
        expect(ports).toHaveLength(18);
        expect(ports.slice(0, 2).map((p) => p.use)).toEqual(["cloud's api", "cloud's etcd"]);
        expect(new Set(ports.map((p) => p.port)).size).toBe(18);
        expect(labPorts(spec("Pulumi.lab.yaml"), "lab", ["cloud"])).toHaveLength(12);
        expect(stackNameOf("stacks/Pulumi.lab-docker.yaml")).toBe("lab-docker");
    });

    it("takes CloudCore's host ports of a kind cloud cluster with real KubeEdge edge hosts", async () => {
        const raw = {
            clusters: [
                {
                    name: "hub",
                    tier: "cloud",
                    distribution: "kubeadm",
                    substrate: "kind",
                    network: { podCidr: "10.10.0.0/16", serviceCidr: "10.110.0.0/16" },
                    nodes: [{ name: "cp", roles: ["control-plane"] }],
                },
            ],
            kubeedge: { cloudCluster: "hub", nodes: [{ name: "gw", host: "192.0.2.7" }] },
        };
        // The schema alone (defaults, no cross-field rules): the ports depend only on these fields.
        const r = { spec: continuumSpecSchema.parse(raw) };
        expect((await kindHostPorts(r.spec)).map((p) => p.port)).toEqual([10000, 10002, 10003, 10004]);
        expect(await kindHostPorts(r.spec, ["hub"])).toEqual([]);
        const busy = await runDoctor({ root: "/p", spec: r.spec, stack: "x" }, machine({ busy: [10002] }));
        expect(busy.find((c) => c.name === "ports")).toMatchObject({
            ok: false,
            detail: "in use: 10002 (hub's CloudCore (kind host port))",
        });
        expect(await kindHostPorts(spec("Pulumi.lab-docker.yaml"))).toEqual([]);
    });

    it(
        "checks only what the stack needs: ports for sim, Docker and inotify " +
            "for kind/k3d, ssh for the ssh substrate",
        async () => {
            const names = async (file: string) =>
                (await runDoctor({ root: "/p", spec: spec(file), stack: stackNameOf(file) }, machine())).map(
                    (r) => r.name,
                );
            expect(await names("Pulumi.lab.yaml")).toEqual(["Node.js", "Go", "disk (the lab's state)", "ports"]);
            expect(await names("Pulumi.lab-docker.yaml")).toEqual([
                "Node.js",
                "Go",
                "disk (the lab's state)",
                "Docker",
                "inotify",
            ]);
            expect(await names("Pulumi.baremetal.yaml")).toEqual(["Node.js", "Go", "disk (the lab's state)", "ssh"]);
        },
    );

    it("fails on a port the lab needs, unless the lab's own running cluster holds it", async () => {
        const lab = spec("Pulumi.lab.yaml");
        const api = labPorts(lab, "lab")[0]!.port;
        const probes = machine({ busy: [api] });
        expect(
            (await runDoctor({ root: "/p", spec: lab, stack: "lab" }, probes)).find((r) => r.name === "ports")!.ok,
        ).toBe(false);
        expect(
            (await runDoctor({ root: "/p", spec: lab, stack: "lab", runningClusters: ["cloud"] }, probes)).find(
                (r) => r.name === "ports",
            )!.ok,
        ).toBe(true);
    });

    it("takes the stack name from --stack over the file name: another stack's lab holds other ports", async () => {
        expect(parseDoctorArgs(["s.yaml", "--stack", "big", "--hosts"])).toEqual({
            file: "s.yaml",
            stack: "big",
            hosts: true,
        });
        expect(parseDoctorArgs(["--stack"])).toBe("--stack needs a value");
        expect(parseDoctorArgs(["a.yaml", "b.yaml"])).toBe("one stack file at a time (got a.yaml and b.yaml)");
        const file = join(root, "stacks", "Pulumi.lab.yaml");
        const held = labPorts(spec("Pulumi.lab.yaml"), "lab").map((p) => p.port);
        expect(labPorts(spec("Pulumi.lab.yaml"), "big").some((p) => held.includes(p.port))).toBe(false);
        const probes = machine({ busy: held });
        const asLab = await doctorCommand([file], "/p", probes);
        expect(asLab.code).toBe(1);
        expect(asLab.stderr).toContain("in use: 22640 (cloud's api), 22641 (cloud's etcd)");
        expect(asLab.stderr).toContain("and 12 more");
        const asBig = await doctorCommand([file, "--stack", "big"], "/p", probes);
        expect(asBig.stdout).toMatch(/^continuum doctor: .*Pulumi\.lab\.yaml \(stack big\)\n/);
        expect(asBig.code).toBe(0);
    });

    it("asks for room for the Go caches only before the toolchain's first build", async () => {
        const names = async (p: DoctorProbes) => (await runDoctor({ root: "/p" }, p)).map((r) => r.name);
        expect(await names(machine())).not.toContain("disk (the toolchain's first build (Go caches))");
        const fresh = machine({ dirs: { "/p/tools": ["etcd"] }, free: 4 * GIB });
        const results = await runDoctor({ root: "/p" }, fresh);
        expect(results.find((r) => r.name === "disk (the toolchain's first build (Go caches))")).toMatchObject({
            ok: false,
        });
    });

    it("prints each missing piece with its fix and exits 1", async () => {
        const results = await runDoctor(
            { root: "/p", spec: spec("Pulumi.lab-docker.yaml"), stack: "lab-docker" },
            machine({ node: "v18.0.0", bins: {} }),
        );
        const text = formatDoctor(results, "x");
        expect(text).toContain("FAIL  Node.js");
        expect(text).toContain("FAIL  Go ");
        expect(text).toContain("fix: install Docker Engine");
        expect(text.trimEnd().split("\n").pop()).toBe("4 problems: fix them and run continuum doctor again.");
    });

    it("real probes: a port something listens on is busy", async () => {
        const srv = net.createServer();
        await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
        const port = (srv.address() as net.AddressInfo).port;
        try {
            expect([...(await realProbes.busyPorts([port]))]).toEqual([port]);
        } finally {
            await new Promise((r) => srv.close(r));
        }
        expect((await realProbes.busyPorts([port])).size).toBe(0);
    });

    it("runs for real on this machine: `continuum doctor stacks/Pulumi.lab.yaml`", async () => {
        const inProcess = await doctorCommand([join(root, "stacks", "Pulumi.lab.yaml")], root, realProbes);
        const r = spawnSync("node", ["bin/continuum.js", "doctor", "stacks/Pulumi.lab.yaml"], {
            cwd: root,
            encoding: "utf8",
        });
        const report = r.stdout + r.stderr;
        expect(report).toMatch(/^continuum doctor: stacks\/Pulumi.lab.yaml \(stack lab\)\n/);
        for (const name of ["Node.js", "Go", "disk (the lab's state)", "ports"])
            expect(report).toMatch(new RegExp(`^ {2}(ok  |FAIL) {2}${name.replace(/[()]/g, "\\$&")} `, "m"));
        expect(r.status).toBe(report.includes("FAIL") ? 1 : 0);
        expect(inProcess.code).toBe(r.status);
        expect(
            spawnSync("node", ["bin/continuum.js", "doctor", "--nope"], { cwd: root, encoding: "utf8" }).status,
        ).toBe(2);
    });
});
