// The toolchain environment sets the lab's public passphrase only where it is asked for (the lab
// and the tests): a stack created in a shell that evaluated it must not get secrets encrypted
// with a passphrase printed in this repository.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_PASSPHRASE, toolchainEnv } from "../../scripts/toolchain-env";

const ROOT = path.resolve(__dirname, "..", "..");

describe("toolchainEnv", () => {
    const saved = { ...process.env };
    afterEach(() => {
        process.env = { ...saved };
    });

    test("sets no passphrase unless one is passed", () => {
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        const env = toolchainEnv(ROOT);
        expect(env.PULUMI_CONFIG_PASSPHRASE).toBeUndefined();
        expect(env.PULUMI_BACKEND_URL).toBe(`file://${path.join(ROOT, ".pulumi")}`);
    });

    test("a passphrase someone set is inherited, not replaced", () => {
        process.env.PULUMI_CONFIG_PASSPHRASE = "mine";
        expect(toolchainEnv(ROOT).PULUMI_CONFIG_PASSPHRASE).toBe("mine");
    });

    test("the lab and tests pass the lab passphrase explicitly; a passphrase file cannot compete", () => {
        process.env.PULUMI_CONFIG_PASSPHRASE_FILE = "/somewhere/else";
        const env = toolchainEnv(ROOT, { passphrase: LAB_PASSPHRASE });
        expect(env.PULUMI_CONFIG_PASSPHRASE).toBe("continuum-lab");
        expect(env.PULUMI_CONFIG_PASSPHRASE_FILE).toBeUndefined();
    });
});

describe("scripts/toolchain-env.sh", () => {
    let root: string;
    beforeAll(() => {
        // A repository copy with an executable where the toolchain's pulumi goes: the script only checks it exists.
        root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-toolchain-env-"));
        fs.mkdirSync(path.join(root, "scripts"));
        fs.copyFileSync(path.join(ROOT, "scripts", "toolchain-env.sh"), path.join(root, "scripts", "toolchain-env.sh"));
        fs.mkdirSync(path.join(root, ".tools", "bin"), { recursive: true });
        fs.writeFileSync(path.join(root, ".tools", "bin", "pulumi"), "", { mode: 0o755 });
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
        const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: os.tmpdir(), ...extra };
        const r = spawnSync("bash", [path.join(root, "scripts", "toolchain-env.sh"), ...args], {
            env,
            encoding: "utf8",
        });
        return { status: r.status, out: r.stdout, err: r.stderr };
    };

    test("prints no passphrase by default", () => {
        const r = run([]);
        expect(r.status).toBe(0);
        expect(r.out).toContain("export PULUMI_HOME=");
        expect(r.out).not.toContain("PULUMI_CONFIG_PASSPHRASE");
    });

    test("--lab adds the lab passphrase, or keeps the one already set", () => {
        expect(run(["--lab"]).out).toContain("export PULUMI_CONFIG_PASSPHRASE=continuum-lab\n");
        expect(run(["--lab", "/tmp/state"], { PULUMI_CONFIG_PASSPHRASE: "mine" }).out).toContain(
            "export PULUMI_CONFIG_PASSPHRASE=mine\n",
        );
        expect(run(["--lab", "/tmp/state"]).out).toContain("export PULUMI_BACKEND_URL=file:///tmp/state\n");
    });

    test("--github writes the lab passphrase to $GITHUB_ENV only with --lab", () => {
        const files = (name: string) => ({
            GITHUB_PATH: path.join(root, `${name}.path`),
            GITHUB_ENV: path.join(root, `${name}.env`),
        });
        expect(run(["--github", "/tmp/state"], files("plain")).status).toBe(0);
        expect(fs.readFileSync(path.join(root, "plain.env"), "utf8")).not.toContain("PULUMI_CONFIG_PASSPHRASE");
        expect(run(["--github", "--lab", "/tmp/state"], files("lab")).status).toBe(0);
        expect(fs.readFileSync(path.join(root, "lab.env"), "utf8")).toContain(
            "PULUMI_CONFIG_PASSPHRASE=continuum-lab\n",
        );
    });

    test("an unknown option is refused, naming it", () => {
        const r = run(["--labs"]);
        expect(r.status).toBe(2);
        expect(r.err).toContain("unknown option --labs");
    });
});
