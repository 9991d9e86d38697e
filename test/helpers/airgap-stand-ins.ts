/**
 * Stand-in airgap directories for a raw stack spec (tests only): under the spec's
 * `airgap.artifactDir` a stand-in file for every file name its version table (with its
 * `artifacts:` pins) names, and a checksum file for every `checksumFile` pin; under
 * `airgap.images.dir` a stand-in archive for every image a node needs and the checksum file
 * listing them. Contents are "stand-in for <name>", never the pinned files: nothing made here is
 * ever installed (a host would refuse them: the table's digests do not match).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tableFor } from "../../components/artifact-pins";
import { imageNodes, neededImages } from "../../components/hosts/images";
import { parseSpec } from "../../components/spec/parse";

/** Write the stand-ins for `raw`'s airgap paths, relative to `root` (the program's working directory). */
export function writeStandInAirgap(raw: unknown, root: string): void {
    const r = parseSpec(raw);
    if (!r.ok) throw new Error(`writeStandInAirgap: the spec does not validate: ${JSON.stringify(r.issues)}`);
    const spec = r.spec;
    const table = tableFor(spec);
    const standIn = (name: string) => `stand-in for ${name}\n`;
    if (spec.airgap.artifactDir) {
        const dir = path.resolve(root, spec.airgap.artifactDir);
        fs.mkdirSync(dir, { recursive: true });
        for (const art of Object.values(table.hostArtifacts)) {
            for (const f of Object.values(art.files)) {
                if (!f) continue;
                fs.writeFileSync(path.join(dir, f.fileName), standIn(f.fileName));
                const sumFile = (f as { checksumFile?: string }).checksumFile;
                if (sumFile)
                    fs.writeFileSync(
                        path.join(dir, sumFile),
                        `${createHash("sha512").update(standIn(f.fileName)).digest("hex")}\n`,
                    );
            }
        }
    }
    const images = spec.airgap.images;
    if (images) {
        const dir = path.resolve(root, images.dir);
        fs.mkdirSync(dir, { recursive: true });
        const sums = new Map<string, string>();
        for (const node of imageNodes(spec)) {
            for (const need of neededImages(node, table)) {
                fs.writeFileSync(path.join(dir, need.fileName), standIn(need.fileName));
                sums.set(need.fileName, createHash("sha256").update(standIn(need.fileName)).digest("hex"));
            }
        }
        fs.writeFileSync(
            path.join(dir, images.checksumFile),
            [...sums].map(([f, s]) => `${s}  ${f}`).join("\n") + "\n",
        );
    }
}

/**
 * `raw` with its airgap directories (if any) moved to a fresh temporary directory holding the
 * stand-ins: for tests that build a stack's program with the repository as working directory.
 */
export function withStandInAirgap<T>(raw: T): T {
    const airgap = (raw as { airgap?: { artifactDir?: string; images?: { dir?: string } } }).airgap;
    if (!airgap || (!airgap.artifactDir && !airgap.images)) return raw;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-stand-in-airgap-"));
    const moved = JSON.parse(JSON.stringify(raw)) as T & {
        airgap: { artifactDir?: string; images?: { dir?: string } };
    };
    if (moved.airgap.artifactDir) moved.airgap.artifactDir = path.resolve(root, moved.airgap.artifactDir);
    if (moved.airgap.images?.dir) moved.airgap.images.dir = path.resolve(root, moved.airgap.images.dir);
    writeStandInAirgap(moved, root);
    return moved;
}
