// What `continuum doctor` checks, as pure functions of what the probes saw: each returns whether
// the machine is ready for one need and, when not, the command that fixes it.

/** The outcome of one check. */
export interface CheckResult {
    /** What was checked, e.g. "Node.js". */
    name: string;
    /** Whether this machine passes. */
    ok: boolean;
    /** What was found (and what is needed). */
    detail: string;
    /** The command or step that fixes it; only when not ok. */
    fix?: string;
}

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });

/** Numeric parts of a version like v20.19.0, go1.26.8, 1.26 or 1.26rc1 (pre-release suffixes dropped). */
export function versionParts(v: string): number[] {
    const m = /(\d+(?:\.\d+)*)/.exec(v);
    return m ? m[1]!.split(".").map(Number) : [];
}

/** Whether version `have` is at least `need` (missing parts count as 0). */
export function atLeast(have: string, need: string): boolean {
    const a = versionParts(have);
    const b = versionParts(need);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const x = a[i] ?? 0;
        const y = b[i] ?? 0;
        if (x !== y) return x > y;
    }
    return true;
}

/** Node.js: the running version against package.json's `engines.node` minimum. */
export function checkNode(version: string, minimum: string): CheckResult {
    if (atLeast(version, minimum)) return pass("Node.js", `${version} (needs >= ${minimum})`);
    return fail(
        "Node.js",
        `${version}, needs >= ${minimum}`,
        `install Node.js ${versionParts(minimum)[0]} or later (e.g. \`nvm ` +
            `install ${versionParts(minimum)[0]}\`) and run npm ci again`,
    );
}

/** The `go` directive of a go.mod (e.g. 1.26.0), or undefined. */
export function goModVersion(goMod: string): string | undefined {
    return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(goMod)?.[1];
}

/** What Go the toolchain needs: the highest `go` directive of tools/<family>/go.mod and which file says so. */
export interface GoNeed {
    file: string;
    version: string;
}

/** The highest `go` directive among go.mod files (undefined when none has one). */
export function highestGoNeed(mods: { file: string; text: string }[]): GoNeed | undefined {
    let top: GoNeed | undefined;
    for (const m of mods) {
        const version = goModVersion(m.text);
        if (version && (!top || !atLeast(top.version, version))) top = { file: m.file, version };
    }
    return top;
}

/**
 * Go for the offline toolchain build: `go version` output (undefined: no go on PATH) against what
 * tools/<family>/go.mod need (GOTOOLCHAIN=local: the toolchain never downloads a newer Go).
 */
export function checkGo(goVersionOutput: string | undefined, need: GoNeed): CheckResult {
    const needs = `>= ${need.version} (${need.file})`;
    const fix =
        `install Go ${need.version} or later from https://go.dev/dl/ ` +
        `(e.g. \`curl -fsSL https://go.dev/dl/go${need.version}.linux-amd64.tar.gz ` +
        `| sudo tar -C /usr/local -xz\`) and put /usr/local/go/bin on PATH`;
    if (goVersionOutput === undefined) return fail("Go", `no \`go\` on PATH, needs ${needs}`, fix);
    const have = /go(\d+\.\d+(?:\.\d+)?)/.exec(goVersionOutput)?.[1];
    if (!have) return fail("Go", `cannot read \`go version\` output "${goVersionOutput.trim()}", needs ${needs}`, fix);
    if (!atLeast(have, need.version)) return fail("Go", `go${have}, needs ${needs}`, fix);
    return pass("Go", `go${have} (needs ${needs})`);
}

/** Docker for kind and k3d clusters: `docker info` output (undefined: the daemon did not answer), and whether the CLI
 * is there. */
export function checkDocker(cliFound: boolean, serverVersion: string | undefined, clusters: string[]): CheckResult {
    const why = `for the kind/k3d cluster${clusters.length === 1 ? "" : "s"} ${clusters.join(", ")}`;
    if (!cliFound)
        return fail(
            "Docker",
            `no \`docker\` on PATH, needed ${why}`,
            "install Docker Engine (`sudo apt-get install docker.io`, or " +
                "https://docs.docker.com/engine/install/) and start it: `sudo systemctl enable --now docker`",
        );
    if (serverVersion === undefined)
        return fail(
            "Docker",
            `the Docker daemon does not answer \`docker info\`, needed ${why}`,
            "start it (`sudo systemctl start docker`) and make sure you " +
                "may use it (`sudo usermod -aG docker $USER`, then log in again)",
        );
    return pass("Docker", `server ${serverVersion} (${why})`);
}

/**
 * A Debian package the hosts-tier harness needs on this machine. The harness installs it itself
 * (apt-get, as root) when missing, so it is only a problem when that cannot happen.
 */
export function checkHostTool(binary: string, pkg: string, found: boolean, harnessCanInstall: boolean): CheckResult {
    if (found) return pass(binary, "on PATH (hosts tier)");
    if (harnessCanInstall)
        return pass(binary, `not installed yet; the hosts tier installs ${pkg} itself (apt-get, as root)`);
    return fail(
        binary,
        `not on PATH and the hosts tier cannot install ${pkg} (needs root and apt-get)`,
        `sudo apt-get install ${pkg}`,
    );
}

/** Root for the hosts tier (systemd-nspawn test hosts are booted as root). */
export function checkRoot(uid: number, sudoWithoutPassword: boolean): CheckResult {
    if (uid === 0) return pass("root", "running as root (hosts tier)");
    if (sudoWithoutPassword) return pass("root", "`sudo -n` works (hosts tier)");
    return fail(
        "root",
        `uid ${uid} and \`sudo -n true\` fails; the hosts tier boots systemd-nspawn containers as root`,
        "run the hosts tier as root (`sudo -E npm run test:hosts`) or allow passwordless sudo for your user",
    );
}

/** A binary the chosen tier needs on PATH. */
export function checkBinary(name: string, found: boolean, why: string, fix: string): CheckResult {
    return found ? pass(name, `on PATH (${why})`) : fail(name, `not on PATH, needed ${why}`, fix);
}

/** A port the lab will listen on, and who it is for. */
export interface LabPort {
    port: number;
    /** e.g. "cloud's kube-apiserver". */
    use: string;
}

/** Ports the sim clusters will bind: those in use (`busy`) are a problem. */
export function checkPorts(ports: LabPort[], busy: Set<number>): CheckResult {
    const taken = ports.filter((p) => busy.has(p.port));
    const numbers = ports.map((p) => p.port);
    const range = ports.length > 0 ? `${Math.min(...numbers)}–${Math.max(...numbers)}` : "none";
    if (taken.length === 0)
        return pass("ports", `${ports.length} port${ports.length === 1 ? "" : "s"} free (${range})`);
    const list =
        taken
            .slice(0, 6)
            .map((p) => `${p.port} (${p.use})`)
            .join(", ") + (taken.length > 6 ? ` and ${taken.length - 6} more` : "");
    return fail(
        "ports",
        `in use: ${list}`,
        `find what holds them (\`ss -ltnp 'sport = :${taken[0]!.port}'\`) ` +
            `and stop it; a lab of another stack: \`npm run lab:down -- --stack <name>\`; ` +
            `or set apiEndpoint.port of the cluster to a free range`,
    );
}

/** inotify limits (the kernel default 128 instances is too low for many kubelets or systemd containers). */
export function checkInotify(
    instances: number | undefined,
    watches: number | undefined,
    need: { instances: number; watches: number; why: string },
): CheckResult {
    if (instances === undefined || watches === undefined)
        return fail(
            "inotify",
            "cannot read /proc/sys/fs/inotify/max_user_{instances,watches}",
            "run on Linux with /proc mounted",
        );
    const low = [
        ...(instances < need.instances ? [`fs.inotify.max_user_instances=${need.instances}`] : []),
        ...(watches < need.watches ? [`fs.inotify.max_user_watches=${need.watches}`] : []),
    ];
    const detail =
        `max_user_instances ${instances}, max_user_watches ${watches} ` +
        `(needs >= ${need.instances} and >= ${need.watches} ${need.why})`;
    if (low.length === 0) return pass("inotify", detail);
    return fail(
        "inotify",
        detail,
        `sudo sysctl -w ${low.join(" ")} (keep it: put the same lines in /etc/sysctl.d/99-continuum.conf)`,
    );
}

/** Free disk space where something will be written. */
export function checkDisk(what: string, dir: string, freeBytes: number | undefined, needBytes: number): CheckResult {
    const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
    if (freeBytes === undefined)
        return fail(`disk (${what})`, `cannot stat ${dir}`, `create ${dir} or check its permissions`);
    const detail = `${gib(freeBytes)} free in ${dir}, needs ${gib(needBytes)} for ${what}`;
    return freeBytes >= needBytes
        ? pass(`disk (${what})`, detail)
        : fail(
              `disk (${what})`,
              detail,
              `free space on the filesystem of ${dir} (\`du -sh ${dir}/* ` +
                  `| sort -h\`), e.g. \`go clean -cache\` removes the Go build cache`,
          );
}
