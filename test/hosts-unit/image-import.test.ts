/**
 * image-import.sh (airgap.images) runs for real with bash on a sandboxed host (host-sandbox.ts):
 * K3s mode places the verified archives where K3s imports them; containerd mode imports each
 * through `ctr -n k8s.io images import` (a STAND-IN, standins/ctr-standin.sh) once per archive
 * digest; a wrong digest imports nothing; a second run changes nothing; the uninstall removes
 * what it placed.
 */
import * as path from "node:path";
import { renderParams } from "../../components/hosts/params";
import { IMAGE_SCRIPTS } from "../../components/hosts/images";
import { HostSandbox } from "./host-sandbox";

const CTR = path.join(__dirname, "standins", "ctr-standin.sh");
const K3S_IMAGES = "/var/lib/rancher/k3s/agent/images";
const boxes: HostSandbox[] = [];
afterAll(() => boxes.forEach((b) => b.remove()));

function host(): HostSandbox {
    const box = new HostSandbox([IMAGE_SCRIPTS.install, IMAGE_SCRIPTS.uninstall]);
    boxes.push(box);
    return box;
}
/** Two stand-in archives (their content is not an image: the ctr stand-in does not read it). */
function archives(
    box: HostSandbox,
    first = "stand-in archive of registry.k8s.io/pause:3.10.1",
): Record<string, string> {
    return {
        ...box.artifact("IMAGE_1", "registry.k8s.io_pause_3.10.1-arm64.tar", first),
        ...box.artifact(
            "IMAGE_2",
            "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar",
            "stand-in archive of kubeedge/installation-package",
        ),
    };
}

describe("image-import.sh", () => {
    test(
        "k3s: the archives go to K3s's images directory before K3s starts; " +
            "a second run changes nothing; uninstall removes them",
        () => {
            const box = host();
            const input = renderParams({ IMAGES_MODE: "k3s", ...archives(box) });
            const first = box.run("image-import.sh", input);
            expect(first.err).toContain("placed in /var/lib/rancher/k3s/agent/images");
            expect(first.code).toBe(0);
            expect(box.inspect(`ls ${K3S_IMAGES}`).trim().split("\n")).toEqual([
                "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar",
                "registry.k8s.io_pause_3.10.1-arm64.tar",
            ]);
            const second = box.run("image-import.sh", input);
            expect(second.code).toBe(0);
            expect(second.err).not.toContain("placed in");
            expect(box.run("image-import-uninstall.sh", input).code).toBe(0);
            expect(box.inspect(`ls ${K3S_IMAGES}`).trim()).toBe("");
        },
    );

    test("containerd: each archive imported once into k8s.io; a second run imports nothing", () => {
        const box = host();
        box.inspect(`install -m 0755 '${CTR}' /usr/local/bin/ctr`);
        const input = renderParams({ IMAGES_MODE: "containerd", ...archives(box) });
        const first = box.run("image-import.sh", input);
        expect(first.err).toMatch(/imported into containerd/);
        expect(first.code).toBe(0);
        const imports = () => box.calls().filter((c) => / images import /.test(c));
        expect(imports()).toHaveLength(2);
        expect(imports()[0]).toMatch(
            new RegExp(
                /^ctr --address \/run\/containerd\/containerd.sock /.source +
                    /-n k8s\.io images import \S+\/registry\.k8s\.io_pause_3\.10\.1-arm64\.tar$/.source,
            ),
        );
        box.resetCalls();
        expect(box.run("image-import.sh", input).code).toBe(0);
        expect(imports()).toEqual([]);
    });

    test("a wrong digest stops before anything is imported; an archive ctr refuses is named", () => {
        const box = host();
        box.inspect(`install -m 0755 '${CTR}' /usr/local/bin/ctr`);
        const params = archives(box);
        const wrong = box.run(
            "image-import.sh",
            renderParams({ IMAGES_MODE: "containerd", ...params, ARTIFACT_IMAGE_1_SHA256: "0".repeat(64) }),
        );
        expect(wrong.code).toBe(1);
        expect(wrong.err).toContain("artifact registry.k8s.io_pause_3.10.1-arm64.tar has sha256");
        expect(box.calls().filter((c) => / images import /.test(c))).toEqual([]);
        const corrupt = box.run(
            "image-import.sh",
            renderParams({ IMAGES_MODE: "containerd", ...archives(box, "corrupt bytes") }),
        );
        expect(corrupt.code).toBe(1);
        expect(corrupt.err).toContain("ctr could not import registry.k8s.io_pause_3.10.1-arm64.tar");
    });
});
