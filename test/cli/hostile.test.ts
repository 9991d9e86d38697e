/**
 * The hostile corpus (test/fixtures/hostile/, cases.json: expected exit code and message fragment
 * per file) through the real `continuum validate` code path (main), plus inputs too large or too
 * strange to keep in git (a 5 MB value, a 9 MB file, a FIFO, /dev/zero, a directory): no stack
 * trace, no hang, no raw control character on the terminal, nothing dangerous accepted.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../components/cli/main";

const root = join(__dirname, "..", "..");
const corpus = join(root, "test", "fixtures", "hostile");
const cases = JSON.parse(readFileSync(join(corpus, "cases.json"), "utf8")) as Record<
    string,
    { code: number; fragment: string; what: string }
>;
const dir = mkdtempSync(join(tmpdir(), "continuum-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `continuum validate <file>` in process, capturing what it writes. */
async function validate(file: string): Promise<{ code: number; out: string; ms: number }> {
    let out = "";
    const capture = (chunk: string | Uint8Array): boolean => {
        out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        return true;
    };
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(capture);
    const start = Date.now();
    try {
        const code = await main(["validate", file]);
        return { code, out, ms: Date.now() - start };
    } finally {
        stdout.mockRestore();
        stderr.mockRestore();
    }
}

/** Control characters other than \n: C0, DEL, C1, zero-width and bidi controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u;

/** What every answer must be, whatever the input. */
function expectSafe(out: string, ms: number): void {
    expect(out).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    expect(out).not.toMatch(/Error:|TypeError|RangeError|ReferenceError/);
    expect(out).not.toMatch(CONTROL_CHARS); // only \n
    expect(out.length).toBeLessThan(10_000);
    expect(ms).toBeLessThan(3000);
}

describe("hostile stack files through `continuum validate`", () => {
    it("the corpus is large enough and every file has its expectation", () => {
        const files = Object.keys(cases);
        expect(files.length).toBeGreaterThanOrEqual(40);
        expect(files.filter((f) => cases[f].code === 0).length).toBeLessThan(8);
    });

    it.each(Object.entries(cases).map(([file, c]) => [file, c.what, c] as const))(
        "%s (%s)",
        async (file, _what, expected) => {
            const { code, out, ms } = await validate(join(corpus, file));
            expectSafe(out, ms);
            expect({ code, fragment: out.includes(expected.fragment) }).toEqual({
                code: expected.code,
                fragment: true,
            });
        },
        10_000,
    );

    it("a 5 MB value is echoed as its start and its length", async () => {
        const file = join(dir, "Pulumi.huge-value.yaml");
        const base = readFileSync(join(corpus, "valid-baseline.yaml"), "utf8");
        writeFileSync(file, base.replace("host: 192.0.2.10", `host: ${"a".repeat(5 * 1024 * 1024)}`));
        const { code, out, ms } = await validate(file);
        expectSafe(out, ms);
        expect(code).toBe(1);
        expect(out).toContain(`clusters[0].nodes[0].host: is ${5 * 1024 * 1024} characters long`);
    }, 20_000);

    it("a file over the size cap is refused unread", async () => {
        const file = join(dir, "Pulumi.too-large.yaml");
        writeFileSync(file, `config:\n  continuum:spec:\n    x: "${"a".repeat(9 * 1024 * 1024)}"\n`);
        const { code, out, ms } = await validate(file);
        expectSafe(out, ms);
        expect(code).toBe(2);
        expect(out).toContain("is larger than 8 MiB");
    }, 20_000);

    it("a directory is not a stack file", async () => {
        const sub = join(dir, "Pulumi.dir.yaml");
        mkdirSync(sub);
        const { code, out } = await validate(sub);
        expect(code).toBe(2);
        expect(out).toContain("is a directory, not a regular file — name the YAML file itself");
    });

    // A FIFO and /dev/zero through the real command in a child process: a hang would block the test
    // process itself, so the child carries the timeout.
    it.each([
        ["a FIFO", "fifo", "is a FIFO, not a regular file"],
        ["/dev/zero", "/dev/zero", "is a device, not a regular file"],
    ])(
        "%s: exit 2 at once, no hang",
        (_what, target, fragment) => {
            let file = target;
            if (target === "fifo") {
                file = join(dir, "Pulumi.fifo.yaml");
                expect(spawnSync("mkfifo", [file]).status).toBe(0);
            }
            const r = spawnSync("node", ["bin/continuum.js", "validate", file], {
                cwd: root,
                encoding: "utf8",
                timeout: 25_000,
            });
            expect(r.signal).toBeNull();
            expect(r.status).toBe(2);
            expect(r.stderr).toContain(fragment);
        },
        30_000,
    );
});
