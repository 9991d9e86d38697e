import { runtimeInstall, CONTAINERD_DROPIN_PATH } from "../../components/runtimes/install-params";
import { planRuntimes } from "../../components/runtimes/plan";
import { VERSION_TABLE } from "../../components/version-table";
import { CRI_RUNTIME_PLUGIN, K3S_TEMPLATE_BASE } from "../../components/runtimes/containerd-config";
import { cluster, node } from "./fixtures";
import type { Distribution } from "../../components/distributions/distribution";
import type { Substrate } from "../../components/spec/cluster";
import { parseToml, runtimesTable } from "./toml";

const planned = (substrate: Substrate, distribution: Distribution, runtimes: string[], extra = {}) =>
    planRuntimes(cluster(substrate, distribution, [node("n1", runtimes, extra)]), {}).nodes[0];

describe("runtimes-install.sh parameters", () => {
    test("kubeadm: pinned crun and Kata, a v3 drop-in containerd parses, handlers to verify", () => {
        const r = runtimeInstall({
            node: planned("ssh", "kubeadm", ["crun", "kata"]),
            distribution: "kubeadm",
            table: VERSION_TABLE,
        });
        expect(r.artifacts.map((a) => `${a.name}@${a.version}:${a.arch}`)).toEqual([
            "crun@1.17:amd64",
            "kata@3.7.0:amd64",
        ]);
        expect(r.params).toMatchObject({
            RUNTIMES: "crun kata",
            CONFIG_MODE: "dropin",
            CRUN_SOURCE: "binary",
            CRUN_PATH: "/usr/local/bin/crun",
            HANDLERS: "crun kata-qemu",
            CONTAINERD_DROPIN_PATH,
        });
        const rt = runtimesTable(parseToml(r.params.CONTAINERD_DROPIN), CRI_RUNTIME_PLUGIN.v3);
        expect(Object.keys(rt)).toEqual(["crun", "kata-qemu"]);
        expect(r.params.K3S_TEMPLATE).toBeUndefined();
    });

    test("K3s with crun only: no template (K3s renders crun itself), still verifies the handler", () => {
        const r = runtimeInstall({ node: planned("ssh", "k3s", ["crun"]), distribution: "k3s", table: VERSION_TABLE });
        expect(r.params).toMatchObject({
            CONFIG_MODE: "k3s",
            HANDLERS: "crun",
            K3S_TEMPLATE_PATH: "/var/lib/rancher/k3s/agent/etc/containerd/config-v3.toml.tmpl",
        });
        expect(r.params.K3S_TEMPLATE).toBeUndefined();
        expect(r.params.CONTAINERD_DROPIN).toBeUndefined();
    });

    test("K3s with Kata: the template holds the kata handler after the base template", () => {
        const r = runtimeInstall({ node: planned("ssh", "k3s", ["kata"]), distribution: "k3s", table: VERSION_TABLE });
        expect(r.params.K3S_TEMPLATE?.startsWith(`${K3S_TEMPLATE_BASE}\n`)).toBe(true);
        expect(r.params.K3S_TEMPLATE).toContain("runtimes.kata-qemu]");
    });

    test("WasmEdge shim: refused while the version table has no published sha256", () => {
        expect(() =>
            runtimeInstall({ node: planned("ssh", "k3s", ["wasmedge"]), distribution: "k3s", table: VERSION_TABLE }),
        ).toThrow(
            new RegExp(
                /^node 'n1': wasmedgeShim 0\.6\.0 for amd64 /.source +
                    /has no published sha256 or sha512 .* artifacts\.wasmedgeShim\.amd64\.sha256/.source,
            ),
        );
    });

    test("WasmEdge shim with a pinned sha256 goes where K3s finds it", () => {
        const table = structuredClone(VERSION_TABLE);
        const amd64 = table.hostArtifacts.wasmedgeShim.files.amd64;
        if (!amd64) throw new Error("fixture: wasmedgeShim amd64 missing");
        amd64.sha256 = "a".repeat(64);
        const k3s = runtimeInstall({ node: planned("ssh", "k3s", ["wasmedge"]), distribution: "k3s", table });
        expect(k3s.params.WASMEDGE_SHIM_DIR).toBe("/usr/bin");
        const kubeadm = runtimeInstall({
            node: planned("ssh", "kubeadm", ["wasmedge"]),
            distribution: "kubeadm",
            table,
        });
        expect(kubeadm.params.WASMEDGE_SHIM_DIR).toBe("/usr/local/bin");
    });

    test("crun-with-WasmEdge: the distribution's crun-wasm package and the annotation passthrough", () => {
        const r = runtimeInstall({
            node: planned("ssh", "kubeadm", ["wasmedge"]),
            distribution: "kubeadm",
            table: VERSION_TABLE,
            wasmedgeVia: "crun",
        });
        expect(r.artifacts).toEqual([]);
        expect(r.params).toMatchObject({
            CRUN_SOURCE: "package",
            CRUN_PACKAGE: "crun-wasm",
            CRUN_PATH: "/usr/bin/crun",
        });
        const rt = runtimesTable(parseToml(r.params.CONTAINERD_DROPIN), CRI_RUNTIME_PLUGIN.v3);
        expect(rt.wasmedge).toMatchObject({
            pod_annotations: ["module.wasm.image/variant"],
            options: { BinaryName: "/usr/bin/crun" },
        });
    });

    test("crun on 32-bit arm (no static release): the distribution package", () => {
        const r = runtimeInstall({
            node: planned("ssh", "kubeadm", ["crun"], { arch: "arm" }),
            distribution: "kubeadm",
            table: VERSION_TABLE,
        });
        expect(r.artifacts).toEqual([]);
        expect(r.params).toMatchObject({ CRUN_SOURCE: "package", CRUN_PATH: "/usr/bin/crun" });
        expect(r.params.CRUN_PACKAGE).toBeUndefined();
        expect(r.params.CONTAINERD_DROPIN).toContain('BinaryName = "/usr/bin/crun"');
    });

    test("Kata on an arch without a pinned release is refused, naming the node", () => {
        expect(() =>
            runtimeInstall({
                node: planned("ssh", "kubeadm", ["kata"], { arch: "arm" }),
                distribution: "kubeadm",
                table: VERSION_TABLE,
            }),
        ).toThrow(/^node 'n1': kata 3\.7\.0 is not pinned for arm/);
    });

    test("a node with nothing over SSH is a caller bug", () => {
        expect(() =>
            runtimeInstall({
                node: planned("kind", "kubeadm", ["crun"]),
                distribution: "kubeadm",
                table: VERSION_TABLE,
            }),
        ).toThrow("node 'n1' has no runtime installed over SSH");
    });
});
