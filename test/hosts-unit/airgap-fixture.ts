import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { VERSION_TABLE } from "../../components/version-table";

/**
 * An airgap directory holding a stand-in file under every pinned file name (contents are not the
 * pinned files: nothing here is ever installed) and a scratch directory for node bundles
 * (CONTINUUM_BUNDLE_DIR). Node bundles need the artifact files on this machine; under mocks
 * nothing is downloaded, so unit tests point the spec's airgap.artifactDir here.
 */
export function standInAirgap(): { artifactDir: string; bundleDir: string; cleanup: () => void } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-airgap-"));
    const artifactDir = path.join(root, "artifacts");
    const bundleDir = path.join(root, "bundles");
    fs.mkdirSync(artifactDir);
    for (const art of Object.values(VERSION_TABLE.hostArtifacts)) {
        for (const f of Object.values(art.files))
            if (f) fs.writeFileSync(path.join(artifactDir, f.fileName), `stand-in for ${f.fileName}\n`);
    }
    process.env.CONTINUUM_BUNDLE_DIR = bundleDir;
    return { artifactDir, bundleDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
