/**
 * airgap.images under the Pulumi program (mocks): stacks/Pulumi.baremetal.yaml with stand-in airgap
 * directories (test/helpers/airgap-stand-ins.ts). A missing image archive fails the program before
 * any resource is declared (what `pulumi preview` shows), naming the image and the file expected; with
 * every archive there, an edge gateway's converge imports its archives between the containerd step
 * and `keadm join`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installMocks } from "../helpers/pulumi-mocks";

const mocks = installMocks();

import { Continuum } from "../../components/continuum";
import { parseSpecOrThrow } from "../../components/spec/parse";
import { readStackSpec } from "../../components/spec/stack-file";
import { edgeNodeSteps } from "../../components/edge/edge-node";
import { tableFor } from "../../components/artifact-pins";
import type { HostConnection } from "../../components/hosts/connection";
import { withStandInAirgap } from "../helpers/airgap-stand-ins";

/** `secure:` values as the engine hands them over (decrypted; a placeholder key here). */
function decrypted(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(decrypted);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (Object.keys(o).length === 1 && typeof o.secure === "string")
            return "-----BEGIN OPENSSH PRIVATE KEY-----\nDECRYPTED\n-----END OPENSSH PRIVATE KEY-----";
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decrypted(x)]));
    }
    return v;
}
const baremetal = () =>
    withStandInAirgap(
        decrypted(readStackSpec(path.join(__dirname, "..", "..", "stacks", "Pulumi.baremetal.yaml"))),
    ) as {
        airgap: { artifactDir: string; images: { dir: string } };
    };
process.env.CONTINUUM_BUNDLE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-bundles-"));

describe("airgap images in the program", () => {
    test("a missing archive fails before anything is declared, naming the image and the file", async () => {
        const raw = baremetal();
        fs.rmSync(path.join(raw.airgap.images.dir, "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar"));
        const before = mocks.recorded.length;
        expect(() => new Continuum("c", { spec: parseSpecOrThrow(raw) })).toThrow(
            new RegExp(
                /docker\.io\/kubeedge\/installation-package:v1\.23\.0 /.source +
                    /\(arm64, node 'ke-gateway-1'\): docker\.io_kubeedge_installation-package_v1\.23\.0-arm64\.tar /
                        .source +
                    /is not in /.source,
            ),
        );
        await mocks.settle();
        expect(mocks.recorded.slice(before).filter((r) => r.type !== "continuum:index:Continuum")).toEqual([]);
    });

    test("a gateway imports its archives after the containerd step and before keadm join", () => {
        const spec = parseSpecOrThrow(baremetal());
        const steps = edgeNodeSteps({
            nodeName: "ke-gateway-1",
            connection: { nodeName: "ke-gateway-1" } as unknown as HostConnection,
            arch: "arm64",
            endpoint: {
                cloudCoreIpPort: "192.0.2.10:10000",
                certPort: "10002",
                tunnelServer: "192.0.2.10:10004",
            } as never,
            token: "t",
            artifactDir: spec.airgap.artifactDir,
            table: tableFor(spec),
            airgapImages: spec.airgap.images,
        });
        expect(steps.map((s) => path.basename(s.script))).toEqual([
            "edge-runtime.sh",
            "image-import.sh",
            "keadm-join.sh",
        ]);
        expect(steps[1].params).toEqual({ IMAGES_MODE: "containerd" });
        expect(steps[1].files?.map((f) => f.fileName)).toEqual([
            "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar",
            "registry.k8s.io_pause_3.10.2-arm64.tar",
        ]);
        // keadm comes with the sha512 of the stack's checksum file (the stand-in's, here)
        expect(steps[2].files?.[0]).toMatchObject({ name: "keadm", origin: "stack: artifacts.keadm.arm64" });
        expect(steps[2].files?.[0].sha512).toMatch(/^[0-9a-f]{128}$/);
    });
});
