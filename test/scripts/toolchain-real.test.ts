// scripts/toolchain-real.ts reads what `npm run toolchain -- --real` built (manifest.json), and
// the real set's pins agree with the version table (one Kubernetes version, kubeadm's images).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    changedRealFiles,
    readRealArtifacts,
    realDir,
    realKubernetesVersion,
    requireRealArtifacts,
    type RealManifest,
} from "../../scripts/toolchain-real";
import { VERSION_TABLE } from "../../components/version-table";
import { imageArchiveName } from "../../components/hosts/images";

const REPO = path.resolve(__dirname, "../..");
const pins = new Map(
    fs
        .readFileSync(path.join(REPO, "tools/versions.env"), "utf8")
        .split("\n")
        .map((l) => /^([A-Z0-9_]+)="?([^"]*)"?$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
);
const pin = (name: string) => {
    const v = pins.get(name);
    if (v === undefined) throw new Error(`tools/versions.env has no ${name}`);
    return v;
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A real-set directory with a few files and a manifest.json as the toolchain writes it. */
function fakeRealDir(edit: (m: RealManifest) => void = () => undefined): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-real-"));
    dirs.push(dir);
    const put = (rel: string, content: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
        return createHash("sha256").update(content).digest("hex");
    };
    const k = realKubernetesVersion();
    const manifest: RealManifest = {
        kubernetesVersion: k,
        arch: "amd64",
        binaries: [
            { name: "kubelet", version: k, path: "bin/kubelet", sha256: put("bin/kubelet", "kubelet") },
            { name: "cni/bridge", version: "v1.8.0", path: "bin/cni/bridge", sha256: put("bin/cni/bridge", "bridge") },
        ],
        archives: [
            {
                name: "containerd",
                version: "v2.2.1",
                path: "artifacts/containerd-2.2.1-linux-amd64.tar.gz",
                sha256: put("artifacts/containerd-2.2.1-linux-amd64.tar.gz", "tgz"),
            },
        ],
        images: [
            {
                ref: "registry.k8s.io/pause:3.10.2",
                path: "images/registry.k8s.io_pause_3.10.2-amd64.tar",
                sha256: put("images/registry.k8s.io_pause_3.10.2-amd64.tar", "tar"),
            },
        ],
        debianPackages: [{ name: "busybox-static", version: "1:1.35.0-4+deb12u1+b1" }],
    };
    edit(manifest);
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    return dir;
}

describe("scripts/toolchain-real.ts", () => {
    test("the directory is real-<the version table's Kubernetes> under the toolchain cache", () => {
        expect(realKubernetesVersion()).toBe(`v${VERSION_TABLE.hostArtifacts.kubeadm.version}`);
        expect(realDir("/c")).toBe(`/c/tools/real-${realKubernetesVersion()}`);
    });

    test("lookups give absolute paths; archives carry the sha256 a stack pins", () => {
        const dir = fakeRealDir();
        const real = requireRealArtifacts(dir);
        expect(real.binary("kubelet")).toBe(path.join(dir, "bin/kubelet"));
        expect(real.binary("cni/bridge")).toBe(path.join(dir, "bin/cni/bridge"));
        expect(real.archive("containerd")).toEqual({
            path: path.join(dir, "artifacts/containerd-2.2.1-linux-amd64.tar.gz"),
            sha256: createHash("sha256").update("tgz").digest("hex"),
            version: "v2.2.1",
        });
        expect(real.images.map((i) => i.path)).toEqual([
            path.join(dir, "images/registry.k8s.io_pause_3.10.2-amd64.tar"),
        ]);
        expect(real.imageDir).toBe(path.join(dir, "images"));
        expect(() => real.binary("kubeadm")).toThrow(
            `the real set in ${dir} has no binary kubeadm (it has kubelet, cni/bridge)`,
        );
    });

    test("a missing manifest names what to run", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuum-real-"));
        dirs.push(dir);
        expect(() => readRealArtifacts(dir)).toThrow(
            `${dir}/manifest.json does not exist: build the real set with \`npm run toolchain -- --real\``,
        );
    });

    test("a manifest of another Kubernetes version, or a malformed one, is refused", () => {
        expect(() => readRealArtifacts(fakeRealDir((m) => (m.kubernetesVersion = "v1.35.1")))).toThrow(
            /is for Kubernetes v1\.35\.1, the version table pins v1\.36\.3/,
        );
        expect(() => readRealArtifacts(fakeRealDir((m) => (m.binaries[0].path = "../outside")))).toThrow(
            /binaries\.0\.path: a path inside the directory/,
        );
        expect(() => readRealArtifacts(fakeRealDir((m) => (m.images[0].sha256 = "abc")))).toThrow(/images\.0\.sha256/);
    });

    test("a file changed or removed since the manifest was written is named", () => {
        const dir = fakeRealDir();
        expect(changedRealFiles(readRealArtifacts(dir))).toEqual([]);
        fs.writeFileSync(path.join(dir, "bin/kubelet"), "another kubelet");
        fs.rmSync(path.join(dir, "images/registry.k8s.io_pause_3.10.2-amd64.tar"));
        expect(() => requireRealArtifacts(dir)).toThrow(
            "the real set changed since its manifest was written " +
                `(${dir}/bin/kubelet, ${dir}/images/registry.k8s.io_pause_3.10.2-amd64.tar): ` +
                `run \`npm run toolchain -- --real --force\``,
        );
    });
});

describe("the real set's pins agree with the version table", () => {
    test("one Kubernetes version: tools/versions.env builds the table's", () => {
        expect(pin("KUBE_VERSION")).toBe(realKubernetesVersion());
        for (const name of ["kubeadm", "kubelet", "kubectl"] as const)
            expect(`v${VERSION_TABLE.hostArtifacts[name].version}`).toBe(pin("KUBE_VERSION"));
        expect(`v${VERSION_TABLE.hostArtifacts.containerd.version}`).toBe(pin("CONTAINERD_VERSION"));
        expect(`v${VERSION_TABLE.hostArtifacts.cniPlugins.version}`).toBe(pin("CNI_PLUGINS_VERSION"));
        expect(VERSION_TABLE.hostArtifacts.k3s.version).toMatch(
            new RegExp(`^${pin("KUBE_VERSION").replace(/\./g, "\\.")}\\+k3s\\d+$`),
        );
    });

    test(
        "the images the set builds are exactly the table's kubeadm node " +
            "images, under the names airgap.images wants",
        () => {
            const k8s = "registry.k8s.io";
            const built = [
                ...["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"].map(
                    (b) => `${k8s}/${b}:${pin("KUBE_VERSION")}`,
                ),
                `${k8s}/etcd:${pin("KUBE_ETCD_IMAGE_TAG")}`,
                `${k8s}/coredns/coredns:${pin("COREDNS_VERSION")}`,
                `${k8s}/pause:${pin("KUBE_PAUSE_VERSION")}`,
            ];
            expect([...built].sort()).toEqual([...VERSION_TABLE.nodeImages.kubeadm.images].sort());
            // The etcd binary in the image is the etcd the toolchain builds (3.6.8 for 3.6.8-0).
            expect(pin("KUBE_ETCD_IMAGE_TAG")).toBe(`${pin("ETCD_VERSION").replace(/^v/, "")}-0`);
            // scripts/toolchain-real-images.sh names each archive as components/hosts/images.ts looks for it.
            const script = fs.readFileSync(path.join(REPO, "scripts/toolchain-real-images.sh"), "utf8");
            expect(script).toContain(`file=$(sed 's#[/:@]#_#g' <<<"$ref")-amd64.tar`);
            expect(imageArchiveName(`${k8s}/pause:3.10.2`, "amd64")).toBe("registry.k8s.io_pause_3.10.2-amd64.tar");
        },
    );
});
