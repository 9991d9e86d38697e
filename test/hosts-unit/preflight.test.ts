import type { PreflightRequirements } from "../../components/hosts/preflight";
import { failingRules, preflightRules, type PreflightRule } from "../../components/hosts/preflight-rules";
import { parseFacts } from "../../components/hosts/params";
import { healthyFacts } from "./ssh-fixtures";

const req: PreflightRequirements = {
    arch: "amd64",
    minMemoryMiB: 2048,
    role: "kubeadm control plane",
    swapOff: true,
    modules: ["overlay", "br_netfilter"],
    cgroupV2: true,
    ports: [6443, 10250],
    kvm: false,
    tools: ["sha256sum", "runc"],
    installedMarker: "kubeadm-control-plane",
};
const facts = (over: Record<string, string> = {}) => ({
    ...parseFacts(healthyFacts()),
    port_6443: "free",
    port_10250: "free",
    ...over,
});
/** What the gate prints for a failed rule: what was found (the fact in place of `{}`), then the fix. */
const text = (r: PreflightRule, f: Record<string, string>) => `${r.found.replace("{}", f[r.fact] ?? "")} — ${r.fix}`;
const checks = (rules: PreflightRule[]) => [...new Set(rules.map((r) => r.check))];

describe("preflight rules (what preflight-gate.sh enforces)", () => {
    test("a healthy host passes", () => {
        expect(failingRules(facts(), preflightRules(req))).toEqual([]);
    });

    // One row per check: the facts that break it, the check id, what the message must say.
    test.each<[string, Record<string, string>, Partial<PreflightRequirements>, string, RegExp]>([
        [
            "RHEL",
            { os_id: "rhel", os_version: "9.4" },
            {},
            "os",
            /^rhel — use Debian or Ubuntu \(RHEL-family and Alpine are not supported yet/,
        ],
        [
            "OpenRC",
            { init: "openrc-init", systemd_running: "no" },
            {},
            "init",
            /^PID 1 is 'openrc-init' — boot the host with systemd as init/,
        ],
        [
            "wrong arch",
            { machine: "aarch64" },
            {},
            "arch",
            /^machine 'aarch64' — point this node at a amd64 machine, or set arch: to the machine's/,
        ],
        ["unknown machine", { machine: "riscv64" }, {}, "arch", /^machine 'riscv64'/],
        [
            "too little memory",
            { mem_total_kib: String(1024 * 1024) },
            {},
            "memory",
            /^1048576 KiB — a kubeadm control plane needs at least 2048 MiB/,
        ],
        [
            "K3s agent minimum",
            { mem_total_kib: String(200 * 1024) },
            { minMemoryMiB: 256, role: "K3s agent" },
            "memory",
            /^204800 KiB — a K3s agent needs at least 256 MiB/,
        ],
        [
            "swap on",
            { swaps_active: "1", swap_total_kib: String(2048 * 1024) },
            {},
            "swap",
            /^1 active swap device\(s\) — turn swap off \(swapoff -a\)/,
        ],
        [
            "br_netfilter missing",
            { module_br_netfilter: "missing" },
            {},
            "module:br_netfilter",
            /^kernel module br_netfilter missing — .*modprobe br_netfilter/,
        ],
        [
            "cgroup v1",
            { cgroup_fs: "tmpfs" },
            {},
            "cgroups",
            /not the unified v2 hierarchy\) — boot with systemd.unified_cgroup_hierarchy=1/,
        ],
        [
            "memory controller off",
            { cgroup_controllers: "cpu,pids" },
            {},
            "cgroups",
            /^controllers 'cpu,pids' \(cpu, memory and pids are needed\)/,
        ],
        ["port taken", { port_6443: "used" }, {}, "ports", /^TCP 6443 already in use — .*needs 6443, 10250/],
        ["no ss", { port_probe: "none" }, {}, "ports", /^cannot list listening ports \(no `ss`\) — install iproute2/],
        ["no kvm for kata", { kvm: "absent" }, { kvm: true }, "kvm", /^\/dev\/kvm is absent — .*remove kata/],
        ["no runc", { tool_runc: "absent" }, {}, "tools", /^runc not on PATH — apt-get install -y runc/],
    ])("%s", (_name, over, reqOver, check, message) => {
        const f = facts(over);
        const failures = failingRules(f, preflightRules({ ...req, ...reqOver }));
        expect(checks(failures)).toEqual([check]);
        expect(text(failures[0], f)).toMatch(message);
    });

    test("ports are not checked where continuum already installed this role", () => {
        expect(
            failingRules(facts({ port_6443: "used", installed: "kubeadm-control-plane" }), preflightRules(req)),
        ).toEqual([]);
        expect(
            checks(failingRules(facts({ port_6443: "used", installed: "k3s-server" }), preflightRules(req))),
        ).toEqual(["ports"]);
    });

    test("swap is fine where the role allows it (K3s)", () => {
        expect(failingRules(facts({ swaps_active: "1" }), preflightRules({ ...req, swapOff: false }))).toEqual([]);
    });

    test("a skipped check stays a rule, reported and not enforced", () => {
        const rules = preflightRules(req, ["cgroups"]);
        expect(failingRules(facts({ cgroup_fs: "tmpfs" }), rules).map((r) => [r.check, r.mode])).toEqual([
            ["cgroups", "warn"],
        ]);
    });
});
