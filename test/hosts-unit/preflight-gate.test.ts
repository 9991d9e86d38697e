/**
 * The preflight gate: over a matrix of fact sets, the rules (preflight-rules.ts) fail exactly the
 * checks each set should fail (the expected checks are written out below), and preflight-gate.sh
 * runs for real with bash on the same facts, printed by a stand-in for preflight.sh (a test
 * fixture: this machine's own facts are not the point), and fails the same ones.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import { PREFLIGHT_GATE_SCRIPT, PREFLIGHT_RULES_FILE } from "../../components/hosts/fleet-node";
import type { PreflightRequirements } from "../../components/hosts/preflight";
import { failingRules, preflightRules, renderPreflightRules } from "../../components/hosts/preflight-rules";
import { parseFacts, renderParams } from "../../components/hosts/params";
import { healthyFacts } from "./ssh-fixtures";
import { hostRootBash } from "./host-sandbox";

const agent: PreflightRequirements = {
    arch: "arm64",
    minMemoryMiB: 256,
    role: "K3s agent",
    swapOff: false,
    modules: ["overlay"],
    cgroupV2: true,
    ports: [10250],
    kvm: false,
    tools: ["sha256sum", "systemctl"],
    installedMarker: "k3s-agent",
};
const worker: PreflightRequirements = {
    arch: "amd64",
    minMemoryMiB: 1024,
    role: "kubeadm worker",
    swapOff: true,
    modules: ["overlay", "br_netfilter"],
    cgroupV2: true,
    ports: [10250, 10256],
    kvm: true,
    tools: ["sha256sum", "systemctl", "runc", "iptables"],
    installedMarker: "kubeadm-worker",
};

/** Fact sets: healthy, and each way a host can fail (alone and together). */
function factSets(machine: string): Record<string, string> {
    const healthy = healthyFacts(machine);
    const edits: Record<string, (f: string) => string> = {
        healthy: (f) => f,
        centos: (f) => f.replace("os_id=debian", "os_id=centos"),
        openrc: (f) => f.replace("init=systemd", "init=openrc").replace("systemd_running=yes", "systemd_running=no"),
        notRunning: (f) => f.replace("systemd_running=yes", "systemd_running=no"),
        x86: (f) => f.replace(/machine=\w+/, "machine=x86_64"),
        riscv: (f) => f.replace(/machine=\w+/, "machine=riscv64"),
        small: (f) => f.replace(/mem_total_kib=\d+/, "mem_total_kib=200000"),
        noMem: (f) => f.replace(/mem_total_kib=\d+\n/, ""),
        swap: (f) => f.replace("swaps_active=0", "swaps_active=1"),
        noModule: (f) =>
            f
                .replace("module_br_netfilter=loadable", "module_br_netfilter=missing")
                .replace("module_overlay=loaded", "module_overlay=missing"),
        cgroupV1: (f) => f.replace("cgroup_fs=cgroup2fs", "cgroup_fs=tmpfs"),
        noMemoryController: (f) =>
            f.replace("cgroup_controllers=cpuset,cpu,io,memory,pids", "cgroup_controllers=cpu,pids"),
        portUsed: (f) => `${f}\nport_10250=used`,
        portUsedButOurs: (f) => `${f.replace("installed=none", "installed=k3s-agent")}\nport_10250=used`,
        noSs: (f) => f.replace("port_probe=ss", "port_probe=none"),
        noKvm: (f) => f.replace("kvm=present", "kvm=absent"),
        noTools: (f) =>
            f
                .replace("tool_runc=present", "tool_runc=absent")
                .replace("tool_systemctl=present", "tool_systemctl=absent"),
        everything: (f) =>
            f
                .replace("os_id=debian", "os_id=alpine")
                .replace(/mem_total_kib=\d+/, "mem_total_kib=1")
                .replace("kvm=present", "kvm=absent")
                .replace("cgroup_fs=cgroup2fs", "cgroup_fs=tmpfs"),
    };
    return Object.fromEntries(Object.entries(edits).map(([k, e]) => [k, e(healthy)]));
}

const ids = (xs: { check: string }[]) => [...new Set(xs.map((x) => x.check))].sort();

/** The checks each fact set fails, per requirement set (sorted). */
const EXPECTED: Record<"agent" | "worker", Record<string, string[]>> = {
    agent: {
        healthy: [],
        centos: ["os"],
        openrc: ["init"],
        notRunning: ["init"],
        x86: ["arch"],
        riscv: ["arch"],
        small: ["memory"],
        noMem: ["memory"],
        swap: [],
        noModule: ["module:overlay"],
        cgroupV1: ["cgroups"],
        noMemoryController: ["cgroups"],
        portUsed: ["ports"],
        portUsedButOurs: [],
        noSs: ["ports"],
        noKvm: [],
        noTools: ["tools"],
        everything: ["cgroups", "memory", "os"],
    },
    worker: {
        healthy: [],
        centos: ["os"],
        openrc: ["init"],
        notRunning: ["init"],
        x86: [],
        riscv: ["arch"],
        small: ["memory"],
        noMem: ["memory"],
        swap: ["swap"],
        noModule: ["module:br_netfilter", "module:overlay"],
        cgroupV1: ["cgroups"],
        noMemoryController: ["cgroups"],
        portUsed: ["ports"],
        portUsedButOurs: ["ports"],
        noSs: ["ports"],
        noKvm: ["kvm"],
        noTools: ["tools"],
        everything: ["cgroups", "kvm", "memory", "os"],
    },
};

const dir = mkdtempSync(path.join(tmpdir(), "continuum-gate-"));
copyFileSync(HOST_LIB, path.join(dir, "continuum-lib.sh"));
copyFileSync(PREFLIGHT_GATE_SCRIPT, path.join(dir, "preflight-gate.sh"));

/** Run the gate with a stand-in preflight.sh that prints `facts`. */
function gate(facts: string, req: PreflightRequirements, skip: string[] = []) {
    writeFileSync(
        path.join(dir, "preflight.sh"),
        `#!/usr/bin/env bash\n# STAND-IN for preflight.sh: prints fixed ` +
            `facts (test fixture).\ncat >/dev/null\ncat <<'FACTS'\n${facts}\nFACTS\n`,
    );
    writeFileSync(path.join(dir, PREFLIGHT_RULES_FILE), `${renderPreflightRules(preflightRules(req, skip))}\n`);
    const r = spawnSync(...hostRootBash(path.join(dir, "preflight-gate.sh")), {
        input: renderParams({
            NODE_NAME: "n1",
            NODE_ADDRESS: "192.0.2.7",
            PORTS: req.ports.join(","),
            PREFLIGHT_RULES_FILE,
        }),
        encoding: "utf8",
    });
    const failed = [...r.stderr.matchAll(/^ {2}- ([a-z:_]+): /gm)].map((m) => m[1]).sort();
    return { code: r.status, err: r.stderr, out: r.stdout, failed };
}

describe.each([
    ["K3s agent (arm64)", agent, "aarch64", "agent"],
    ["kubeadm worker (amd64)", worker, "x86_64", "worker"],
] as const)("preflight rules: %s", (_, req, machine, label) => {
    const sets = factSets(machine);
    test("every fact set has its expected checks", () => {
        expect(Object.keys(sets).sort()).toEqual(Object.keys(EXPECTED[label]).sort());
    });

    test.each(Object.keys(sets))("%s: the rules fail exactly the expected checks", (name) => {
        expect(ids(failingRules(parseFacts(sets[name]), preflightRules(req)))).toEqual(EXPECTED[label][name]);
    });

    test.each(Object.keys(sets))("%s: the gate, run with bash, fails the same checks", (name) => {
        const expected = EXPECTED[label][name];
        const r = gate(sets[name], req);
        expect(r.failed).toEqual(expected);
        expect(r.code).toBe(expected.length > 0 ? 1 : 0);
        if (expected.length > 0)
            expect(r.err).toMatch(/^preflight failed on node 'n1' \(192\.0\.2\.7\); nothing was installed there:\n/);
        else expect(r.out).toBe("preflight passed on node n1\n");
    });
});

describe("preflight gate", () => {
    test("a failure names the check, what was found and the fix", () => {
        const r = gate(factSets("aarch64").small, agent);
        expect(r.err).toContain(
            "  - memory: 200000 KiB — a K3s agent needs at least 256 MiB: give the " +
                "machine more memory or another role",
        );
    });

    test("a skipped check is reported as not enforced and lets the converge go on", () => {
        const r = gate(factSets("aarch64").cgroupV1, agent, ["cgroups"]);
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/WARNING: preflight on node 'n1': cgroups not enforced \(\/sys\/fs\/cgroup is tmpfs/);
        expect(
            preflightRules(agent, ["cgroups"])
                .filter((x) => x.mode === "warn")
                .map((x) => x.check),
        ).toEqual(["cgroups", "cgroups"]);
    });

    test("facts are data: a hostile value is printed, never run", () => {
        const r = gate(
            factSets("aarch64").healthy.replace("os_id=debian", "os_id=$(touch /tmp/continuum-gate-pwned)"),
            agent,
        );
        expect(r.code).toBe(1);
        expect(r.err).toContain("  - os: $(touch /tmp/continuum-gate-pwned) — use Debian or Ubuntu");
        expect(spawnSync("test", ["-e", "/tmp/continuum-gate-pwned"]).status).toBe(1);
    });

    test("a rule field with a tab or a line break is refused when rendering", () => {
        expect(() => renderPreflightRules([{ ...preflightRules(agent)[0], fix: "a\tb" }])).toThrow(
            /a field holds a tab or a line break/,
        );
    });
});
