import { formatPreflight, interpretPreflight, type PreflightRequirements } from "../../components/hosts/preflight";
import { parseFacts } from "../../components/hosts/params";
import { healthyFacts } from "./ssh-fixtures";

const req: PreflightRequirements = {
    arch: "amd64", minMemoryMiB: 2048, role: "kubeadm control plane", swapOff: true,
    modules: ["overlay", "br_netfilter"], cgroupV2: true, ports: [6443, 10250], kvm: false,
    tools: ["sha256sum", "runc"], installedMarker: "kubeadm-control-plane",
};
const facts = (over: Record<string, string> = {}) => ({ ...parseFacts(healthyFacts()), "port_6443": "free", "port_10250": "free", ...over });

describe("interpretPreflight", () => {
    test("a healthy host passes", () => {
        expect(interpretPreflight(facts(), req)).toEqual([]);
    });

    // One row per check: the facts that break it, the check id, what the message must say.
    test.each<[string, Record<string, string>, Partial<PreflightRequirements>, string, RegExp]>([
        ["RHEL", { os_id: "rhel", os_version: "9.4" }, {}, "os", /rhel 9.4 .*RHEL-family and Alpine are not supported yet/],
        ["OpenRC", { init: "openrc-init", systemd_running: "no" }, {}, "init", /PID 1 is 'openrc-init', systemd not running/],
        ["wrong arch", { machine: "aarch64" }, {}, "arch", /arm64 \(aarch64\).*set arch: arm64 on this node/],
        ["unknown machine", { machine: "riscv64" }, {}, "arch", /machine 'riscv64'/],
        ["too little memory", { mem_total_kib: String(1024 * 1024) }, {}, "memory", /1024 MiB.*kubeadm control plane needs at least 2048 MiB/],
        ["K3s agent minimum", { mem_total_kib: String(200 * 1024) }, { minMemoryMiB: 256, role: "K3s agent" }, "memory", /200 MiB.*K3s agent needs at least 256 MiB/],
        ["swap on", { swaps_active: "1", swap_total_kib: String(2048 * 1024) }, {}, "swap", /1 active swap device\(s\), 2048 MiB.*swapoff -a/],
        ["br_netfilter missing", { module_br_netfilter: "missing" }, {}, "module:br_netfilter", /kernel module br_netfilter missing.*modprobe br_netfilter/],
        ["cgroup v1", { cgroup_fs: "tmpfs" }, {}, "cgroups", /not the unified v2 hierarchy.*systemd.unified_cgroup_hierarchy=1/],
        ["memory controller off", { cgroup_controllers: "cpu,pids" }, {}, "cgroups", /controllers memory not enabled/],
        ["port taken", { port_6443: "used" }, {}, "ports", /TCP 6443 already in use.*needs 6443, 10250/],
        ["no ss", { port_probe: "none" }, {}, "ports", /cannot list listening ports.*iproute2/],
        ["no kvm for kata", { kvm: "absent" }, { kvm: true }, "kvm", /\/dev\/kvm is absent.*remove kata/],
        ["no runc", { tool_runc: "absent" }, {}, "tools", /runc not on PATH.*apt-get install -y runc/],
    ])("%s", (_name, over, reqOver, check, message) => {
        const failures = interpretPreflight(facts(over), { ...req, ...reqOver });
        expect(failures.map((f) => f.check)).toEqual([check]);
        expect(`${failures[0].found} — ${failures[0].fix}`).toMatch(message);
    });

    test("ports are not checked where continuum already installed this role", () => {
        expect(interpretPreflight(facts({ port_6443: "used", installed: "kubeadm-control-plane" }), req)).toEqual([]);
        expect(interpretPreflight(facts({ port_6443: "used", installed: "k3s-server" }), req).map((f) => f.check)).toEqual(["ports"]);
    });

    test("swap is fine where the role allows it (K3s)", () => {
        expect(interpretPreflight(facts({ swaps_active: "1" }), { ...req, swapOff: false })).toEqual([]);
    });

    test("the error names the host, each check and its fix", () => {
        const failures = interpretPreflight(facts({ swaps_active: "1", kvm: "absent" }), { ...req, kvm: true });
        const text = formatPreflight("edge-a-1", "10.0.0.5", failures);
        expect(text).toMatch(/^preflight failed on node 'edge-a-1' \(10\.0\.0\.5\); nothing was installed there:/);
        expect(text).toMatch(/ - swap: .* — turn swap off/);
        expect(text).toMatch(/ - kvm: .* — enable virtualization/);
    });
});
