/**
 * Preflight as data for the node converge: the requirements (preflight.ts) rendered as rules that
 * scripts/preflight-gate.sh checks against the facts scripts/preflight.sh prints, on the host, as
 * the converge's first step — so a fleet node needs no separate preflight command. The decisions
 * (which fact, which values pass, what to tell the user) are made here; the gate only compares.
 * The one preflight: test/hosts-unit/preflight*.test.ts check the rules and the gate together.
 */
import { MACHINE_ARCH, SUPPORTED_OS, TOOL_PACKAGES, type PreflightRequirements } from "./preflight";

/** How a fact is compared. */
export type RuleOp = "in" | "not-in" | "ge" | "le" | "has-all";

/** One rule: `fact op values`, else the check fails with `found` (`{}` is the fact's value) and `fix`. */
export interface PreflightRule {
    check: string;
    fact: string;
    op: RuleOp;
    values: string[];
    /** The rule does not apply when this fact has this value (`installed=k3s-agent`: our own service owns the ports).
     * */
    unless?: { fact: string; value: string };
    found: string;
    fix: string;
    /** `warn`: a skipped check — reported, not enforced. */
    mode: "enforce" | "warn";
}

/** The rules for a host with these requirements; checks in `skip` are reported only. */
export function preflightRules(req: PreflightRequirements, skip: string[] = []): PreflightRule[] {
    const rules: Omit<PreflightRule, "mode">[] = [
        {
            check: "os",
            fact: "os_id",
            op: "in",
            values: SUPPORTED_OS,
            found: "{}",
            fix: "use Debian or Ubuntu (RHEL-family and Alpine are not supported yet, see docs/ssh.md)",
        },
        {
            check: "init",
            fact: "init",
            op: "in",
            values: ["systemd"],
            found: "PID 1 is '{}'",
            fix: "boot the host with systemd as init (OpenRC is not supported yet)",
        },
        {
            check: "init",
            fact: "systemd_running",
            op: "in",
            values: ["yes"],
            found: "systemd not running",
            fix: "boot the host with systemd as init (OpenRC is not supported yet)",
        },
        {
            check: "arch",
            fact: "machine",
            op: "in",
            values: Object.keys(MACHINE_ARCH).filter((m) => MACHINE_ARCH[m] === req.arch),
            found: "machine '{}'",
            fix:
                `point this node at a ${req.arch} machine, or set arch: ` +
                `to the machine's (amd64 for x86_64, arm64 for aarch64, arm for armv7l)`,
        },
        {
            check: "memory",
            fact: "mem_total_kib",
            op: "ge",
            values: [String(req.minMemoryMiB * 1024)],
            found: "{} KiB",
            fix: `a ${req.role} needs at least ${req.minMemoryMiB} MiB: give the machine more memory or another role`,
        },
    ];
    if (req.swapOff) {
        rules.push({
            check: "swap",
            fact: "swaps_active",
            op: "le",
            values: ["0"],
            found: "{} active swap device(s)",
            fix:
                "turn swap off (swapoff -a) and remove it from /etc/fstab — " +
                "the kubelet refuses to start with swap on",
        });
    }
    for (const mod of req.modules) {
        rules.push({
            check: `module:${mod}`,
            fact: `module_${mod}`,
            op: "in",
            values: ["loaded", "builtin", "loadable"],
            found: `kernel module ${mod} {}`,
            fix:
                `install the kernel's modules package and load it (modprobe ${mod}; ` +
                `echo ${mod} > /etc/modules-load.d/${mod}.conf); in a container load it on the host`,
        });
    }
    if (req.cgroupV2) {
        rules.push(
            {
                check: "cgroups",
                fact: "cgroup_fs",
                op: "in",
                values: ["cgroup2fs"],
                found: "/sys/fs/cgroup is {} (not the unified v2 hierarchy)",
                fix: "boot with systemd.unified_cgroup_hierarchy=1 (the default since Debian 11 and Ubuntu 21.10)",
            },
            {
                check: "cgroups",
                fact: "cgroup_controllers",
                op: "has-all",
                values: ["cpu", "memory", "pids"],
                found: "controllers '{}' (cpu, memory and pids are needed)",
                fix:
                    "enable them (on Raspberry Pi add cgroup_enable=memory " +
                    "cgroup_memory=1 to cmdline.txt; in a container delegate them)",
            },
        );
    }
    const ours = { fact: "installed", value: req.installedMarker };
    if (req.ports.length > 0) {
        rules.push({
            check: "ports",
            fact: "port_probe",
            op: "not-in",
            values: ["none"],
            unless: ours,
            found: "cannot list listening ports (no `ss`)",
            fix: "install iproute2",
        });
    }
    for (const p of req.ports) {
        rules.push({
            check: "ports",
            fact: `port_${p}`,
            op: "not-in",
            values: ["used"],
            unless: ours,
            found: `TCP ${p} already in use`,
            fix: `stop what listens there (ss -ltnp 'sport = :${p}') — a ${req.role} needs ${req.ports.join(", ")}`,
        });
    }
    if (req.kvm) {
        rules.push({
            check: "kvm",
            fact: "kvm",
            op: "in",
            values: ["present"],
            found: "/dev/kvm is absent",
            fix:
                "enable virtualization (VT-x/AMD-V, nested virtualization " +
                "on a VM) or remove kata from this node's runtimes",
        });
    }
    for (const t of req.tools) {
        rules.push({
            check: "tools",
            fact: `tool_${t}`,
            op: "in",
            values: ["present"],
            found: `${t} not on PATH`,
            fix: `apt-get install -y ${TOOL_PACKAGES[t] ?? t}`,
        });
    }
    const skipped = new Set(skip);
    return rules.map((r) => ({ ...r, mode: skipped.has(r.check) ? "warn" : "enforce" }));
}

/** Rules as preflight-gate.sh reads them: one per line, tab-separated (no field holds a tab or a line break). */
export function renderPreflightRules(rules: PreflightRule[]): string {
    return rules
        .map((r) => {
            const fields = [
                r.mode,
                r.check,
                r.fact,
                r.op,
                r.values.join(","),
                r.unless ? `${r.unless.fact}=${r.unless.value}` : "-",
                r.found,
                r.fix,
            ];
            for (const f of fields) {
                if (/[\t\n\r]/.test(f))
                    throw new Error(
                        `preflight rule ${r.check}: a field holds a tab or a line break ('${f.slice(0, 40)}')`,
                    );
            }
            return fields.join("\t");
        })
        .join("\n");
}

/** The failing rules for a set of facts (what the gate does, in TypeScript: for tests and previews). */
export function failingRules(facts: Record<string, string>, rules: PreflightRule[]): PreflightRule[] {
    return rules.filter((r) => {
        if (r.unless && (facts[r.unless.fact] ?? "none") === r.unless.value) return false;
        const v = facts[r.fact] ?? "";
        switch (r.op) {
            case "in":
                return !r.values.includes(v);
            case "not-in":
                return r.values.includes(v);
            case "ge":
                return !/^\d+$/.test(v) || Number(v) < Number(r.values[0]);
            case "le":
                return /^\d+$/.test(v) && Number(v) > Number(r.values[0]);
            case "has-all": {
                const have = new Set(v.split(",").filter(Boolean));
                return r.values.some((x) => !have.has(x));
            }
        }
    });
}
