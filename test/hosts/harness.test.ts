/**
 * The harness itself: what every other hosts-tier test relies on. Hosts are separate machines
 * (hostname, machine-id, host key, disk), reachable only on their own link, with no route out;
 * a host behind a bastion is reachable only through it; sudo behaves as configured; a power cut
 * keeps the disk; destroy leaves nothing behind.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { TestHostRun } from "./harness/test-hosts";

const text = (argv: string[]) => spawnSync(argv[0], argv.slice(1), { encoding: "utf8" }).stdout;

/** Pids of processes whose root filesystem is an overlay with its upper directory under `dir`. */
function rootedIn(dir: string): number[] {
    const pids: number[] = [];
    for (const p of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
        try {
            const root = readFileSync(`/proc/${p}/mountinfo`, "utf8")
                .split("\n")
                .find((l) => l.split(" ")[4] === "/");
            if (root?.includes(`upperdir=${dir}/`)) pids.push(Number(p));
        } catch {
            // gone meanwhile
        }
    }
    return pids;
}

describe("test-host harness", () => {
    let hosts: TestHostRun;

    beforeAll(async () => {
        hosts = await TestHostRun.create();
        await hosts.add([{ name: "alpha" }, { name: "bravo", sudo: "password" }, { name: "hidden", behind: "alpha" }]);
    }, 300_000);

    afterAll(() => hosts?.destroy());

    it("boots each host as its own machine: hostname, machine-id, host key", async () => {
        const facts = await Promise.all(
            ["alpha", "bravo", "hidden"].map(async (n) => ({
                name: n,
                hostname: (await hosts.execOk(n, ["hostname"])).trim(),
                machineId: (await hosts.execOk(n, ["cat", "/etc/machine-id"])).trim(),
                hostKey: (
                    await hosts.execOk(n, ["cut", "-d", " ", "-f", "1,2", "/etc/ssh/ssh_host_ed25519_key.pub"])
                ).trim(),
            })),
        );
        for (const f of facts) {
            expect(f.hostname).toBe(f.name);
            expect(f.machineId).toMatch(/^[0-9a-f]{32}$/);
            expect(f.hostKey).toBe(hosts.host(f.name).hostKey);
        }
        expect(new Set(facts.map((f) => f.machineId)).size).toBe(3);
        expect(new Set(facts.map((f) => f.hostKey)).size).toBe(3);
    });

    it("does not share writes between hosts", async () => {
        await hosts.execOk("alpha", ["sh", "-c", "echo alpha > /etc/only-on-alpha"]);
        expect((await hosts.exec("bravo", ["cat", "/etc/only-on-alpha"])).status).not.toBe(0);
        expect((await hosts.execOk("alpha", ["cat", "/etc/only-on-alpha"])).trim()).toBe("alpha");
    });

    it("gives each host its own cgroups: stopping a unit on one host leaves the others' alone", async () => {
        for (const n of ["alpha", "bravo"]) {
            const leader = readFileSync(`${hosts.host(n).dir}/leader.pid`, "utf8").trim();
            const cg = readFileSync(`/proc/${leader}/cgroup`, "utf8");
            expect(cg).toMatch(new RegExp(`name=systemd:.*/continuum-testhost-${hosts.host(n).link.netns}/`));
        }
        const sshdPid = async (n: string) =>
            (await hosts.execOk(n, ["systemctl", "show", "-p", "MainPID", "--value", "ssh"])).trim();
        const bravoBefore = await sshdPid("bravo");
        await hosts.execOk("alpha", ["systemctl", "stop", "ssh"]);
        try {
            expect(await sshdPid("bravo")).toBe(bravoBefore);
            expect((await hosts.execOk("bravo", ["systemctl", "is-active", "ssh"])).trim()).toBe("active");
        } finally {
            await hosts.execOk("alpha", ["systemctl", "start", "ssh"]);
        }
        expect((await hosts.execOk("bravo", ["systemctl", "is-system-running"])).trim()).toBe("running");
    });

    it("gives hosts no route outward", async () => {
        for (const n of ["alpha", "bravo", "hidden"]) {
            const routes = await hosts.execOk(n, ["ip", "route"]);
            expect(routes).not.toMatch(/default/);
            const out = await hosts.exec(n, ["ip", "route", "get", "192.0.2.1"]);
            expect(out.status).not.toBe(0);
        }
    });

    it("reaches a host behind a bastion only through the bastion", async () => {
        const direct = spawnSync("ip", ["route", "get", hosts.host("hidden").address], { encoding: "utf8" });
        expect(`${direct.stdout}${direct.stderr}`).toMatch(/unreachable|No route/);
        const via = await hosts.ssh("hidden", "hostname");
        expect(via.stderr).toBe("");
        expect(via.stdout.trim()).toBe("hidden");
    });

    it("refuses a login whose pinned host key is another host's", async () => {
        const real = hosts.host("bravo").hostKey;
        hosts.host("bravo").hostKey = hosts.host("alpha").hostKey;
        try {
            const r = await hosts.ssh("bravo", "true");
            expect(r.status).not.toBe(0);
            expect(r.stderr).toMatch(/host key/i);
        } finally {
            hosts.host("bravo").hostKey = real;
        }
    });

    it("sudo: -n works on a nopasswd host; a password host needs the password on stdin", async () => {
        expect((await hosts.ssh("alpha", "sudo -n id -u")).stdout.trim()).toBe("0");
        const n = await hosts.ssh("bravo", "sudo -n id -u");
        expect(n.status).not.toBe(0);
        expect(n.stderr).toMatch(/password is required/);
        expect((await hosts.ssh("bravo", "sudo -k -S -p '' id -u", `${hosts.password}\n`)).stdout.trim()).toBe("0");
        expect((await hosts.ssh("bravo", "sudo -k -S -p '' id -u", "not-the-password\n")).status).not.toBe(0);
    });

    it("keeps a host's disk across a power cut and comes back with the same key", async () => {
        await hosts.execOk("bravo", ["sh", "-c", "echo kept > /var/tmp/marker && sync"]);
        const key = hosts.host("bravo").hostKey;
        await hosts.stop("bravo", "kill");
        expect(hosts.isRunning("bravo")).toBe(false);
        expect((await hosts.ssh("bravo", "true", undefined, 20_000)).status).not.toBe(0);
        await hosts.start("bravo");
        expect((await hosts.ssh("bravo", "cat /var/tmp/marker")).stdout.trim()).toBe("kept");
        expect(hosts.host("bravo").hostKey).toBe(key);
    });

    it("destroy leaves no process, mount, namespace, link or route", async () => {
        const extra = await TestHostRun.create();
        await extra.add([{ name: "gone" }, { name: "gone-behind", behind: "gone" }]);
        const { octet, dir } = extra;
        expect(rootedIn(dir).length).toBeGreaterThan(4);
        extra.destroy();
        expect(rootedIn(dir)).toEqual([]);
        expect(existsSync(dir)).toBe(false);
        expect(text(["ip", "netns", "list"])).not.toMatch(new RegExp(`cth${octet}n`));
        expect(text(["ip", "-o", "link"])).not.toMatch(new RegExp(`cth${octet}u`));
        expect(text(["findmnt", "-rn", "-o", "TARGET"])).not.toContain(dir);
        expect(text(["ip", "route", "show", "table", "all"])).not.toContain(`169.254.${octet}.`);
        expect(text(["ps", "-eo", "args"])).not.toContain(dir);
    });
});
