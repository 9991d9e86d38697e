import {
    handlerStanzas,
    renderContainerdConfig,
    renderK3sTemplate,
    kindContainerdPatches,
    renderStanzaTables,
    CRI_RUNTIME_PLUGIN,
    K3S_TEMPLATE_BASE,
    WASM_VARIANT_ANNOTATION,
    tomlString,
} from "../../components/runtimes/containerd-config";
import { parseToml, runtimesTable } from "./toml";

const ALL = ["crun", "kata", "wasmedge"] as const;

describe("containerd runtime stanzas", () => {
    test("v3 (containerd 2.x) snapshot", () => {
        expect(renderContainerdConfig(handlerStanzas(ALL, { systemdCgroup: true }), "v3")).toMatchSnapshot();
    });

    test("v2 (containerd 1.7, kind) snapshot", () => {
        expect(renderContainerdConfig(handlerStanzas(ALL, { systemdCgroup: false }), "v2")).toMatchSnapshot();
    });

    test("K3s template snapshot: base first, only what K3s does not render itself", () => {
        const t = renderK3sTemplate(handlerStanzas(ALL, { systemdCgroup: true }));
        expect(t).toMatchSnapshot();
        expect(t?.split("\n")[0]).toBe(K3S_TEMPLATE_BASE);
        expect(t).not.toMatch(/runtimes\.crun\]/);
        expect(t).not.toMatch(/runtimes\.wasmedge\]/);
        expect(t).toMatch(/runtimes\.kata-qemu\]/);
    });

    test("both formats parse as TOML and carry the facts containerd needs", () => {
        for (const format of ["v2", "v3"] as const) {
            const doc = parseToml(renderContainerdConfig(handlerStanzas(ALL, { systemdCgroup: true }), format));
            expect(doc.version).toBe(format === "v3" ? 3 : 2);
            const rt = runtimesTable(doc, CRI_RUNTIME_PLUGIN[format]);
            expect(Object.keys(rt).sort()).toEqual(["crun", "kata-qemu", "wasmedge"]);
            expect(rt.crun).toEqual({
                runtime_type: "io.containerd.runc.v2",
                options: { BinaryName: "/usr/local/bin/crun", SystemdCgroup: true },
            });
            expect(rt.wasmedge).toEqual({ runtime_type: "io.containerd.wasmedge.v1" });
            expect(rt["kata-qemu"]).toMatchObject({
                runtime_type: "io.containerd.kata-qemu.v2",
                runtime_path: "/opt/kata/bin/containerd-shim-kata-v2",
                privileged_without_host_devices: true,
                pod_annotations: ["io.katacontainers.*"],
                options: { ConfigPath: "/opt/kata/share/defaults/kata-containers/configuration-qemu.toml" },
            });
        }
    });

    test("SystemdCgroup is the same on every runc-type handler", () => {
        for (const systemdCgroup of [true, false]) {
            const st = handlerStanzas(["crun", "wasmedge"], { systemdCgroup, wasmedgeVia: "crun" });
            const runcType = st.filter((s) => s.runtimeType === "io.containerd.runc.v2");
            expect(runcType).toHaveLength(2);
            expect(runcType.every((s) => s.options.SystemdCgroup === systemdCgroup)).toBe(true);
        }
    });

    test("crun-with-WasmEdge passes the variant annotation through pod_annotations", () => {
        const [w] = handlerStanzas(["wasmedge"], { systemdCgroup: true, wasmedgeVia: "crun" });
        const rt = runtimesTable(parseToml(renderContainerdConfig([w], "v3")), CRI_RUNTIME_PLUGIN.v3);
        expect(rt.wasmedge).toMatchObject({
            runtime_type: "io.containerd.runc.v2",
            pod_annotations: [WASM_VARIANT_ANNOTATION],
        });
        // K3s does not render a crun-based wasmedge handler, so the template must.
        expect(renderK3sTemplate([w])).toMatch(/pod_annotations = \["module.wasm.image\/variant"\]/);
    });

    test("another kata shim changes handler, runtime type and config path together", () => {
        const [k] = handlerStanzas(["kata"], { systemdCgroup: true, kataShim: "clh" });
        expect(k).toMatchObject({
            handler: "kata-clh",
            runtimeType: "io.containerd.kata-clh.v2",
            options: { ConfigPath: expect.stringMatching(/configuration-clh\.toml$/) },
        });
    });

    test("a K3s node whose runtimes K3s detects needs no template", () => {
        expect(renderK3sTemplate(handlerStanzas(["crun", "wasmedge"], { systemdCgroup: true }))).toBeUndefined();
    });

    test("the K3s template with the base line removed is valid v3 TOML", () => {
        const t = renderK3sTemplate(handlerStanzas(["kata"], { systemdCgroup: true })) ?? "";
        const doc = parseToml(t.replace(K3S_TEMPLATE_BASE, ""));
        expect(Object.keys(runtimesTable(doc, CRI_RUNTIME_PLUGIN.v3))).toEqual(["kata-qemu"]);
    });

    test("kind patches are v2 with the header kind matches on; none without runtimes", () => {
        const [patch] = kindContainerdPatches(["crun"], { systemdCgroup: true });
        expect(patch.startsWith("version = 2\n")).toBe(true);
        expect(patch).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]');
        expect(kindContainerdPatches([], { systemdCgroup: true })).toEqual([]);
    });

    test("duplicate runtimes give one table (a table defined twice breaks containerd)", () => {
        const text = renderContainerdConfig(handlerStanzas(["crun", "crun"], { systemdCgroup: true }), "v3");
        expect(() => parseToml(text)).not.toThrow();
        expect(text.match(/runtimes\.crun\]/g)).toHaveLength(1);
    });

    test("nothing to add renders nothing", () => {
        expect(renderContainerdConfig([], "v3")).toBe("");
    });

    test("a handler that is not a DNS label is refused with what to do", () => {
        expect(() => renderStanzaTables([{ handler: "Bad_Name", runtimeType: "x", options: {} }], "v3")).toThrow(
            "containerd handler 'Bad_Name' is not a DNS label — RuntimeClass.handler " +
                "must equal it; use a-z, 0-9 and '-'",
        );
    });

    test("strings are escaped for TOML", () => {
        const s = 'a"b\\c\u007f';
        expect(parseToml(`k = ${tomlString(s)}\n`).k).toBe(s);
    });
});
