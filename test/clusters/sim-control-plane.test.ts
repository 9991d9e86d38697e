import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    SIM_PORT_BASE,
    chooseApiPort,
    controlPlaneStdin,
    simApiPort,
    simPorts,
    withV,
    type ControlPlaneParams,
} from "../../components/clusters/sim/control-plane";
import { SIM_CLUSTER_SCRIPT } from "../../components/clusters/sim/sim-cluster";

const params = (over: Partial<ControlPlaneParams> = {}): ControlPlaneParams => ({
    cluster: "cloud",
    stateDir: "/work/.lab/lab",
    ports: simPorts(20001),
    serviceCidr: "10.110.0.0/16",
    podCidr: "10.10.0.0/16",
    kubernetesVersion: "v1.36.3",
    readySeconds: 300,
    ...over,
});

describe("ports", () => {
    it("gives each cluster six consecutive ports from its API port", () => {
        expect(simPorts(20000)).toEqual({
            api: 20000,
            etcd: 20001,
            etcdPeer: 20002,
            controllerManager: 20003,
            scheduler: 20004,
            kwokController: 20005,
        });
    });
    it("gives the clusters of one stack disjoint blocks, the same on every run", () => {
        const a = simApiPort("lab", 0);
        expect(simApiPort("lab", 1)).toBe(a + 6);
        expect(simApiPort("lab", 0)).toBe(a);
    });
    it("gives the lab, the sim test and the benches disjoint ranges below the ephemeral ports", () => {
        const stacks = ["lab", "sim-test", "bench-default", "bench-edge-1000"];
        const ranges = stacks.map((s) => [simApiPort(s, 0), simApiPort(s, 9) + 5] as const);
        for (const [lo, hi] of ranges) {
            expect(lo).toBeGreaterThanOrEqual(SIM_PORT_BASE);
            expect(hi).toBeLessThan(32000);
        }
        for (let i = 0; i < ranges.length; i++) {
            for (let j = i + 1; j < ranges.length; j++) {
                const [a, b] = [ranges[i]!, ranges[j]!];
                expect(a[1] < b[0] || b[1] < a[0]).toBe(true);
            }
        }
    });
    it("refuses an 11th automatic block and says what to do", () => {
        expect(() => simApiPort("lab", 10)).toThrow(
            /set apiEndpoint.port on the extra clusters \(each takes that port and the next 5\)/,
        );
    });
    it("keeps a port the spec chose, and picks one for the 6443 default", () => {
        expect(chooseApiPort(7443, "lab", 0)).toBe(7443);
        expect(chooseApiPort(6443, "lab", 2)).toBe(simApiPort("lab", 2));
    });
});

describe("controlPlaneStdin", () => {
    it("renders KEY=VALUE lines", () => {
        expect(controlPlaneStdin(params())).toBe(
            "CLUSTER=cloud\nSTATE_DIR=/work/.lab/lab\nAPI_PORT=20001\n" +
                "ETCD_PORT=20002\nETCD_PEER_PORT=20003\nCONTROLLER_MANAGER_PORT=20004\n" +
                "SCHEDULER_PORT=20005\nKWOK_CONTROLLER_PORT=20006\n" +
                "SERVICE_CIDR=10.110.0.0/16\nPOD_CIDR=10.10.0.0/16\n" +
                "KUBE_VERSION=v1.36.3\nREADY_SECONDS=300\n",
        );
    });
    it("refuses values that would break the line format", () => {
        expect(() => controlPlaneStdin(params({ stateDir: "/a\nAPI_PORT=1" }))).toThrow(
            /STATE_DIR contains a line break/,
        );
    });
    it("refuses a relative state directory, a bad name and a privileged port", () => {
        expect(() => controlPlaneStdin(params({ stateDir: ".lab" }))).toThrow(/not absolute/);
        expect(() => controlPlaneStdin(params({ cluster: "Cloud_1" }))).toThrow(/lowercase DNS label/);
        expect(() => controlPlaneStdin(params({ ports: simPorts(443) }))).toThrow(
            /api port 443 is not an unprivileged port/,
        );
        expect(() => controlPlaneStdin(params({ ports: simPorts(65533) }))).toThrow(
            /etcdPeer port 65535|controllerManager port 65536/,
        );
    });
    it("spells versions with a v", () => {
        expect(withV("1.36.3")).toBe("v1.36.3");
        expect(withV("v1.36.3")).toBe("v1.36.3");
        expect(withV("")).toBe("");
    });
});

describe("sim-cluster.sh without a toolchain", () => {
    const run = (args: string[], stdin: string, env: NodeJS.ProcessEnv = {}) =>
        spawnSync("bash", [SIM_CLUSTER_SCRIPT, ...args], {
            input: stdin,
            encoding: "utf8",
            env: { PATH: "/usr/bin:/bin", ...env },
        });

    it("passes shellcheck", () => {
        expect(() => execFileSync("shellcheck", ["-S", "warning", SIM_CLUSTER_SCRIPT])).not.toThrow();
    });
    it("rejects an unknown parameter by name", () => {
        const r = run(["up"], "FOO=1\n");
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain("unknown parameter 'FOO'");
    });
    it("rejects an unknown action", () => {
        const r = run(["restart"], controlPlaneStdin(params()));
        expect(r.stderr).toContain("usage: sim-cluster.sh up|start|down|status");
    });
    it("says how to get the binaries when they are missing", () => {
        const r = run(["up"], controlPlaneStdin(params()));
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(
            /kube-apiserver is not on PATH — build the Kubernetes tools with `npm run toolchain -- --kube`/,
        );
    });
    it("uninstalls what is left without the toolchain and removes the emptied state directory", () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "sim-down-"));
        fs.mkdirSync(path.join(state, "clusters", "cloud", "pids"), { recursive: true });
        fs.writeFileSync(path.join(state, "clusters", "cloud", "kwok.yaml"), "kind: KwokctlConfiguration\n");
        const stdin = controlPlaneStdin(params({ stateDir: state }));
        expect(run(["down"], stdin).status).toBe(0);
        expect(fs.existsSync(state)).toBe(false);
        // Idempotent: a second down on nothing succeeds.
        expect(run(["down"], stdin).status).toBe(0);
    });
    it("stops the cluster's processes by their pid files, and leaves a recycled pid alone", async () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "sim-down-"));
        const dir = path.join(state, "clusters", "cloud");
        fs.mkdirSync(path.join(dir, "pids"), { recursive: true });
        // A stand-in for kube-apiserver: a sleep whose argv[0] names the cluster directory, with a
        // command line as long as the real one's ("sleep 300 0 0 …" still sleeps 300 s).
        const ours = spawn(
            "bash",
            ["-c", 'exec -a "$0" sleep 300 "$@"', `${dir}/bin/kube-apiserver`, ...Array<string>(20000).fill("0")],
            { stdio: "ignore" },
        );
        const stranger = spawn("sleep", ["300"], { stdio: "ignore" });
        await new Promise((r) => setTimeout(r, 200));
        fs.writeFileSync(path.join(dir, "pids", "kube-apiserver.pid"), String(ours.pid));
        fs.writeFileSync(path.join(dir, "pids", "etcd.pid"), String(stranger.pid));
        const exited = new Promise((r) => ours.once("exit", r));
        expect(run(["down"], controlPlaneStdin(params({ stateDir: state }))).status).toBe(0);
        await exited;
        expect(stranger.exitCode).toBeNull();
        stranger.kill();
        expect(fs.existsSync(state)).toBe(false);
    });
    it("keeps the state directory while another cluster lives in it", () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "sim-down-"));
        for (const c of ["cloud", "edge-a"]) fs.mkdirSync(path.join(state, "clusters", c), { recursive: true });
        expect(run(["down"], controlPlaneStdin(params({ stateDir: state }))).status).toBe(0);
        expect(fs.readdirSync(path.join(state, "clusters"))).toEqual(["edge-a"]);
        fs.rmSync(state, { recursive: true });
    });
});
