// Where a chart comes from, and that a local archive is the pinned one (sha256), not just a file
// with the right name or Chart.yaml version.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHART_DIR_ENV, chartSource, pinnedArchiveIn, sha256File } from "../../components/network/chart-source";
import { VERSION_TABLE } from "../../components/version-table";
import type { ChartPin } from "../../components/versions";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chart-source-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A directory with files of the given names and contents. */
function dirWith(name: string, files: Record<string, string>): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    return dir;
}

const akri = VERSION_TABLE.charts.akri;
const pinnedDigests = (pin: ChartPin) => (pin.archives ?? []).map((a) => a.sha256);

describe("the version table pins chart archives", () => {
    it("pins Akri's and EdgeMesh's archives by file name and a 64-hex sha256, for the pinned version", () => {
        for (const name of ["akri", "edgemesh"] as const) {
            const pin = VERSION_TABLE.charts[name];
            expect(pin.archives?.length).toBeGreaterThan(0);
            for (const a of pin.archives!) {
                expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
                expect(a.fileName).toMatch(new RegExp(`^${pin.chart}-v?${pin.version.replace(/\./g, "\\.")}\\.tgz$`));
            }
        }
    });
});

describe("chartSource", () => {
    // These cases name their chart directory themselves; the environment's stays out of them.
    const saved = process.env[CHART_DIR_ENV];
    beforeAll(() => delete process.env[CHART_DIR_ENV]);
    afterAll(() => {
        if (saved !== undefined) process.env[CHART_DIR_ENV] = saved;
    });

    it(
        "refuses an archive with the pinned name but another digest, naming " +
            "the file, the expected and the actual digest",
        () => {
            const dir = dirWith("tampered", { "akri-0.13.8.tgz": "not the chart" });
            const file = path.join(dir, "akri-0.13.8.tgz");
            const actual = sha256File(file);
            let message = "";
            try {
                chartSource(akri, "akri", file, akri.version, undefined);
            } catch (e) {
                message = (e as Error).message;
            }
            expect(message).toContain(`airgap.charts.akri: ${file} has sha256 ${actual}`);
            for (const d of pinnedDigests(akri)) expect(message).toContain(d);
            expect(message).toContain("this is not the pinned chart");
            // The same file found in a chart directory is refused the same way, naming the directory setting.
            expect(() => chartSource(akri, "akri", undefined, akri.version, dir)).toThrow(
                new RegExp(
                    `^${CHART_DIR_ENV} \\(${dir}\\): ${file} has sha256 ${actual}, ` +
                        `but akri 0\\.13\\.8 is pinned to sha256`,
                ),
            );
        },
    );

    it("takes an archive whose digest is pinned, from the spec or from the chart directory", () => {
        const dir = dirWith("good", { "demo-1.0.0.tgz": "demo chart bytes", "other-2.0.0.tgz": "x" });
        const file = path.join(dir, "demo-1.0.0.tgz");
        const pin: ChartPin = {
            repo: "https://charts.example",
            chart: "demo",
            version: "1.0.0",
            archives: [{ fileName: "demo-1.0.0.tgz", sha256: sha256File(file) }],
        };
        expect(chartSource(pin, "demo", file, "1.0.0", undefined)).toEqual({ chart: file, version: "1.0.0" });
        expect(chartSource(pin, "demo", undefined, "1.0.0", dir)).toEqual({ chart: file, version: "1.0.0" });
    });

    it("uses the repository when the chart directory holds no pinned archive (a user with internet needs none)", () => {
        const dir = dirWith("unrelated", { "cilium-1.18.4.tgz": "not pinned by digest" });
        expect(chartSource(akri, "akri", undefined, akri.version, dir)).toEqual({
            chart: "akri",
            version: "0.13.8",
            repo: akri.repo,
        });
        // Only archives the table pins are taken from a chart directory.
        const cilium = VERSION_TABLE.charts.cilium;
        expect(chartSource(cilium, "cilium", undefined, cilium.version, dir)).toEqual({
            chart: "cilium",
            version: cilium.version,
            repo: cilium.repo,
        });
        expect(chartSource(akri, "akri", undefined, akri.version, undefined).repo).toBe(akri.repo);
    });

    it("refuses a chart directory setting that is not a directory", () => {
        expect(() => chartSource(akri, "akri", undefined, akri.version, path.join(tmp, "nope"))).toThrow(
            new RegExp(
                `^${CHART_DIR_ENV}: .*nope is not a directory — point it at the directory holding the chart archives`,
            ),
        );
    });

    it("reads the chart directory from the environment by default", () => {
        const dir = dirWith("from-env", { "akri-0.13.8.tgz": "tampered" });
        process.env[CHART_DIR_ENV] = dir;
        try {
            expect(() => chartSource(akri, "akri")).toThrow(/has sha256 [0-9a-f]{64}, but akri 0.13.8 is pinned/);
        } finally {
            delete process.env[CHART_DIR_ENV];
        }
    });

    it("refuses a chart directory where the version is pinned by archive digest (it cannot be checked)", () => {
        const dir = dirWith("akri-unpacked", { "Chart.yaml": "name: akri\nversion: 0.13.8\n" });
        expect(() => chartSource(akri, "akri", dir, akri.version, undefined)).toThrow(
            new RegExp(
                /is a directory, but akri 0.13.8 is pinned /.source +
                    /by archive digest — point it at the archive \(akri-0.13.8.tgz\)/.source,
            ),
        );
    });

    it("a version override has no pinned archive: the chart directory is not used for it", () => {
        const dir = dirWith("override", { "akri-0.13.8.tgz": "x", "akri-0.13.9.tgz": "y" });
        expect(pinnedArchiveIn(akri, fs.readdirSync(dir), "0.13.9")).toBeUndefined();
        expect(pinnedArchiveIn(akri, fs.readdirSync(dir))).toBe("akri-0.13.8.tgz");
        expect(chartSource(akri, "akri", undefined, "0.13.9", dir)).toEqual({
            chart: "akri",
            version: "0.13.9",
            repo: akri.repo,
        });
    });
});

// The vendored archives (CI: CONTINUUM_CHART_DIR=../shared/vendor/charts) are the pinned ones.
const vendored = process.env[CHART_DIR_ENV];
(vendored ? describe : describe.skip)(`the archives in ${CHART_DIR_ENV}`, () => {
    it.each(["akri", "edgemesh"] as const)("%s: found and verified", (name) => {
        const pin = VERSION_TABLE.charts[name];
        const source = chartSource(pin, name, undefined, pin.version, vendored);
        expect(source.repo).toBeUndefined();
        expect(pinnedDigests(pin)).toContain(sha256File(source.chart));
    });
});
