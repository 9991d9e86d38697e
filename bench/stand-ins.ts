/**
 * Empty stand-ins for every pinned host artifact, under their pinned file names, in a directory
 * used as the spec's `airgap.artifactDir`: the bench cases (mocks, `pulumi preview`) push nothing
 * and must download nothing. Node bundles are assembled in a scratch directory too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { VERSION_TABLE } from "../components/version-table";

/** A scratch directory with stand-in artifacts and a bundle directory; `cleanup` removes it. */
export function benchScratch(): { dir: string; artifacts: string; bundles: string; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-bench-"));
    const artifacts = path.join(dir, "artifacts");
    const bundles = path.join(dir, "bundles");
    fs.mkdirSync(artifacts);
    for (const art of Object.values(VERSION_TABLE.hostArtifacts)) {
        for (const f of Object.values(art.files))
            if (f)
                fs.writeFileSync(path.join(artifacts, f.fileName), `bench stand-in for ${f.fileName}: never pushed\n`);
    }
    return { dir, artifacts, bundles, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
