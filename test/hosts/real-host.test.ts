/**
 * The harness's real hosts (HostOptions.real): what a real kubelet and containerd need inside a
 * test host (docs/test-hosts.md, "Real hosts"), checked without Kubernetes, and that destroy
 * removes the extra cgroups and the run's LAN.
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { TestHostRun } from "./harness/test-hosts";

jest.setTimeout(180_000);

let run: TestHostRun;

beforeAll(async () => {
    run = await TestHostRun.create();
    await run.add([{ name: "real-a", real: true }, { name: "real-b", real: true }, { name: "plain" }]);
});

afterAll(() => run?.destroy());

const sh = (host: string, script: string) => run.exec(host, ["bash", "-c", script]);

test("real hosts sit on the run's LAN with a default route; plain hosts keep their link-local /30", async () => {
    const a = run.host("real-a");
    const b = run.host("real-b");
    expect(a.address).toBe(`172.31.${run.octet}.10`);
    expect(b.address).toBe(`172.31.${run.octet}.11`);
    expect(run.host("plain").address).toMatch(/^169\.254\./);
    expect((await sh("real-a", "ip -4 route show default")).stdout).toMatch(/^default dev eth0/);
    // Host to host over the LAN (sshd answers), and the runner over SSH.
    expect((await sh("real-a", `exec 3<>/dev/tcp/${b.address}/22 && head -c 4 <&3`)).stdout).toBe("SSH-");
    expect((await run.ssh("real-b", "hostname")).stdout.trim()).toBe("real-b");
    // Nothing beyond the LAN: this machine does not forward (the default route leads nowhere).
    expect(
        (await sh("real-a", "timeout 3 bash -c 'exec 3<>/dev/tcp/192.0.2.1/22' 2>/dev/null; echo $?")).stdout.trim(),
    ).not.toBe("0");
});

test(
    "a real host offers /dev/kmsg, the kubelet's sysctls, a writable /proc/sys/net " + "and a non-overlay /var",
    async () => {
        expect((await sh("real-a", "test -c /dev/kmsg && echo yes")).stdout.trim()).toBe("yes");
        expect((await sh("real-a", "grep ^CapBnd /proc/1/status")).stdout).toMatch(/CapBnd:\s+[0-9a-f]+/);
        const capBnd = BigInt(`0x${(await sh("real-a", "awk '/^CapBnd/ {print $2}' /proc/1/status")).stdout.trim()}`);
        expect((capBnd >> 34n) & 1n).toBe(1n); // CAP_SYSLOG
        expect((capBnd >> 12n) & 1n).toBe(1n); // CAP_NET_ADMIN
        expect(
            (
                await sh(
                    "real-a",
                    "cat /proc/sys/vm/overcommit_memory /proc/sys/kernel/panic /proc/sys/kernel/panic_on_oops",
                )
            ).stdout
                .split("\n")
                .slice(0, 3),
        ).toEqual(["1", "10", "1"]);
        expect(
            (
                await sh("real-a", "echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward")
            ).stdout.trim(),
        ).toBe("1");
        expect((await sh("real-a", "findmnt -n -o FSTYPE -T /var/lib")).stdout.trim()).not.toBe("overlay");
        // The plain host has none of it.
        expect((await sh("plain", "test -e /dev/kmsg && echo yes || echo no")).stdout.trim()).toBe("no");
        expect((await sh("plain", "findmnt -n -o FSTYPE -T /var/lib")).stdout.trim()).toBe("overlay");
    },
);

test("each real host has its own, writable cgroup in every v1 hierarchy", async () => {
    for (const ctrl of ["memory", "cpu", "cpuset", "pids", "devices", "freezer", "blkio"]) {
        const made = await sh("real-a", `mkdir /sys/fs/cgroup/${ctrl}/probe-a && echo made`);
        expect(`${ctrl}: ${made.stdout.trim()}`).toBe(`${ctrl}: made`);
        expect(
            (await sh("real-b", `test -d /sys/fs/cgroup/${ctrl}/probe-a && echo shared || echo own`)).stdout.trim(),
        ).toBe("own");
        await sh("real-a", `rmdir /sys/fs/cgroup/${ctrl}/probe-a`);
    }
    expect((await sh("real-a", "cat /sys/fs/cgroup/cpuset/cpuset.cpus")).stdout.trim()).not.toBe("");
});

test("destroy removes the real hosts' cgroups in every hierarchy and the run's LAN bridge", async () => {
    const octet = run.octet;
    const netns = run.host("real-a").link.netns;
    run.destroy();
    const left: string[] = [];
    for (const h of readdirSync("/sys/fs/cgroup")) {
        const found = (dir: string, depth: number): void => {
            if (depth > 4 || !existsSync(dir)) return;
            for (const e of readdirSync(dir, { withFileTypes: true })) {
                if (!e.isDirectory()) continue;
                if (e.name === `continuum-testhost-${netns}`) left.push(path.join(dir, e.name));
                else if (depth < 4) found(path.join(dir, e.name), depth + 1);
            }
        };
        found(path.join("/sys/fs/cgroup", h), 0);
    }
    expect(left).toEqual([]);
    expect(existsSync(`/sys/class/net/cth${octet}ulan`)).toBe(false);
});
