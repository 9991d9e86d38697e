// A preview is a real dry run: it never downloads an artifact that is not cached yet.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { artifactHostFile, type PinnedFile } from "../../components/hosts/artifacts";

const invokes: string[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }),
        call: (a) => {
            invokes.push(a.token);
            return {};
        },
    },
    "continuum",
    "test",
    true /* preview */,
);

/** Whether an Output's value is known (the SDK's internal `isKnown`, as the engine sees it). */
const isKnown = (o: pulumi.Input<unknown>): Promise<boolean> =>
    (pulumi.output(o) as unknown as { isKnown: Promise<boolean> }).isKnown;

const pin = (fileName: string): PinnedFile => ({
    name: "k3s",
    version: "v1",
    arch: "amd64",
    url: `https://example.invalid/${fileName}`,
    fileName,
    sha256: "a".repeat(64),
});

describe("artifacts during preview", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-artifacts-"));

    it("a file not in the cache is an unknown asset, and nothing is fetched", async () => {
        const file = artifactHostFile(pin("not-cached-yet"), { cacheDir: cache });
        const known = await isKnown(file.source);
        expect(known).toBe(false);
        expect(invokes).toEqual([]);
    });

    it("a file already cached is used as it is (its hash shows in the diff)", async () => {
        fs.writeFileSync(path.join(cache, "cached"), "bytes");
        const file = artifactHostFile(pin("cached"), { cacheDir: cache });
        const known = await isKnown(file.source);
        expect(known).toBe(true);
        expect(invokes).toEqual(["command:local:run"]);
    });
});
