/**
 * Stack-level artifact pins (spec `artifacts:`), sha512 on the host, and airgap images: the stack
 * makes KubeEdge and WasmEdge installable without touching the toolkit's source; a missing image
 * archive fails before anything is declared.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HOST_LIB } from "../../components/hosts/host-file";
import { renderParams } from "../../components/hosts/params";
import { tableFor } from "../../components/artifact-pins";
import { pinnedFile } from "../../components/hosts/artifacts";
import { checkAirgapImages, imageArchiveName, neededImages, nodeImageFiles } from "../../components/hosts/images";
import { VERSION_TABLE } from "../../components/version-table";
import { formatIssue, parseSpec, summarize } from "../../components/spec";
import { sshSpec } from "../spec/fixtures";
import { shimParams } from "../../components/clusters/local/shims";

const SHA512 = "a".repeat(128);
const dir = mkdtempSync(path.join(tmpdir(), "continuum-pins-"));

/** The fixture spec on real hosts: KubeEdge gateways (arm64) and a WasmEdge agent (amd64). */
function spec(extra: Record<string, unknown> = {}) {
    return { ...sshSpec(), ...extra };
}
const issues = (raw: unknown) => {
    const r = parseSpec(raw);
    return r.ok ? [] : r.issues.map(formatIssue);
};

describe("stack pins make KubeEdge and WasmEdge installable", () => {
    test(
        "without pins, validate names the stack field and where its value " + "comes from, never the toolkit's source",
        () => {
            const out = issues(spec());
            expect(out).toContainEqual(
                expect.stringMatching(
                    new RegExp(
                        /^kubeedge\.nodes\[0\]\.arch: keadm 1\.23\.0 /.source +
                            /has no published digest .* for arm64 \(node /.source +
                            /'gw-1'\) — set artifacts\.keadm\.arm64\.sha512: /.source +
                            /<the value in upstream's checksum_keadm-v1\.23\.0-linux-arm64\.tar\.gz\.txt/.source,
                    ),
                ),
            );
            expect(out).toContainEqual(
                expect.stringMatching(
                    new RegExp(
                        /^clusters\[1\]\.nodes\[1\]\.arch: wasmedgeShim /.source +
                            /0\.6\.0 .* — set artifacts\.wasmedgeShim\.amd64\.sha256: .*sha256sum/.source,
                    ),
                ),
            );
            expect(out.join("\n")).not.toMatch(/version-table|components\//);
        },
    );

    test(
        "a sha512 pin for keadm and a sha256 pin for the shim: valid, and " + "the summary says where each came from",
        () => {
            const s = spec({
                artifacts: {
                    keadm: { arm64: { sha512: SHA512 } },
                    wasmedgeShim: { amd64: { sha256: "b".repeat(64) } },
                },
            });
            const r = parseSpec(s);
            if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
            const text = summarize(r.spec);
            expect(text).toContain("keadm arm64 (stack, sha512)");
            expect(text).toContain("wasmedgeShim amd64 (stack, sha256)");
            expect(text).toContain("containerd arm64 (table, sha256)");
            const f = pinnedFile(tableFor(r.spec), "keadm", "arm64");
            expect(f).toMatchObject({ sha512: SHA512, source: "stack", fileName: "keadm-v1.23.0-linux-arm64.tar.gz" });
            expect(f.url).toContain("/v1.23.0/keadm-v1.23.0-linux-arm64.tar.gz");
            // the table itself is untouched
            expect(VERSION_TABLE.hostArtifacts.keadm.files.arm64?.sha512).toBeUndefined();
        },
    );

    test("incomplete pins are refused with the field to set", () => {
        expect(issues(spec({ artifacts: { keadm: { arm64: { checksumFile: "checksum_keadm.txt" } } } }))).toContain(
            "artifacts.keadm.arm64.checksumFile: checksum_keadm.txt is read " +
                "from airgap.artifactDir, which is not set — set airgap.artifactDir to the " +
                "directory holding the file and its checksum file",
        );
        expect(issues(spec({ artifacts: { keadm: { version: "1.22.1", arm64: { sha512: SHA512 } } } }))).toContain(
            "artifacts.keadm.arm64: keadm 1.22.1 for arm64 has no source: " +
                "the table's URL is for 1.23.0 — set url: (the 1.22.1 download), or fileName: " +
                "with airgap.artifactDir",
        );
        expect(issues(spec({ artifacts: { keadm: { arm64: { sha512: SHA512, sha256: "c".repeat(64) } } } }))).toContain(
            "artifacts.keadm.arm64: keadm for arm64 gives 2 digests — give one of sha256, sha512 or checksumFile",
        );
        expect(issues(spec({ artifacts: { keadm: { arm64: { sha512: "abc" } } } })).join("\n")).toMatch(
            /artifacts\.keadm\.arm64\.sha512: .*128 lower-case hex/,
        );
    });

    test("a pin of another version replaces the table's files for that arch only", () => {
        const t = tableFor({
            artifacts: {
                k3s: { version: "v1.36.0+k3s1", amd64: { url: "https://mirror.example/k3s", sha256: "d".repeat(64) } },
            },
        });
        expect(t.hostArtifacts.k3s.version).toBe("v1.36.0+k3s1");
        expect(t.hostArtifacts.k3s.files.amd64).toMatchObject({
            url: "https://mirror.example/k3s",
            fileName: "k3s",
            sha256: "d".repeat(64),
            source: "stack",
        });
        expect(t.hostArtifacts.k3s.files.arm64).toBeUndefined();
    });
});

describe("the host verifies a sha512 pin with sha512sum", () => {
    const work = mkdtempSync(path.join(tmpdir(), "continuum-pins-lib-"));
    copyFileSync(HOST_LIB, path.join(work, "continuum-lib.sh"));
    writeFileSync(path.join(work, "keadm.tgz"), "keadm archive");
    const sha512 = createHash("sha512").update("keadm archive").digest("hex");
    const run = (params: Record<string, string>) =>
        spawnSync(
            "bash",
            [
                "-c",
                'set -euo pipefail; source "$1"; continuum_read_params; ' +
                    'continuum_verify_artifacts; echo VERIFIED "$ARTIFACT_KEADM"',
                "t",
                path.join(work, "continuum-lib.sh"),
            ],
            { input: renderParams(params), encoding: "utf8", cwd: work },
        );

    test("the right sha512 passes; a wrong one stops before anything is installed", () => {
        expect(run({ ARTIFACT_KEADM: "keadm.tgz", ARTIFACT_KEADM_SHA512: sha512 }).stdout).toBe(
            `VERIFIED ${path.join(work, "keadm.tgz")}\n`,
        );
        const bad = run({ ARTIFACT_KEADM: "keadm.tgz", ARTIFACT_KEADM_SHA512: "0".repeat(128) });
        expect(bad.status).toBe(1);
        expect(bad.stdout).not.toContain("VERIFIED");
        expect(bad.stderr).toContain(`artifact keadm.tgz has sha512 ${sha512}, expected ${"0".repeat(128)}`);
        expect(run({ ARTIFACT_KEADM: "keadm.tgz", ARTIFACT_KEADM_SHA512: sha512.slice(0, 64) }).stderr).toMatch(
            /ARTIFACT_KEADM_SHA512 is not a sha512/,
        );
    });
});

describe("airgap images", () => {
    const pinned = () => ({
        keadm: { arm64: { sha512: SHA512 } },
        wasmedgeShim: { amd64: { sha256: "b".repeat(64) } },
    });
    const parsed = (images: Record<string, unknown>) => {
        const r = parseSpec(spec({ artifacts: pinned(), airgap: { images } }));
        if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
        return r.spec;
    };

    test(
        "each node needs its distribution's, Cilium's, KubeEdge's images " +
            "for its arch (kube-proxy only without replacement)",
        () => {
            const s = parsed({ dir: "images" });
            const cloud = s.clusters[0];
            const cp = neededImages({ arch: "amd64", cluster: cloud, cloudCore: true }, VERSION_TABLE).map(
                (n) => n.fileName,
            );
            expect(cp).toContain("registry.k8s.io_pause_3.10.2-amd64.tar");
            expect(cp).toContain("registry.k8s.io_kube-proxy_v1.36.3-amd64.tar");
            expect(cp).toContain("quay.io_cilium_cilium_v1.18.4-amd64.tar");
            expect(cp).toContain("quay.io_cilium_clustermesh-apiserver_v1.18.4-amd64.tar");
            expect(cp).toContain("docker.io_kubeedge_cloudcore_v1.23.0-amd64.tar");
            const kpr = neededImages(
                { arch: "amd64", cluster: { ...cloud, cilium: { ...cloud.cilium!, kubeProxyReplacement: true } } },
                VERSION_TABLE,
            ).map((n) => n.fileName);
            expect(kpr.some((f) => f.includes("kube-proxy"))).toBe(false);
            expect(
                neededImages({ arch: "arm64", cluster: s.clusters[1] }, VERSION_TABLE).map((n) => n.fileName),
            ).toContain("k3s-airgap-images-arm64.tar.zst");
            expect(neededImages({ arch: "arm64", kubeEdge: true }, VERSION_TABLE).map((n) => n.fileName)).toEqual([
                "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar",
                "registry.k8s.io_pause_3.10.2-arm64.tar",
            ]);
            expect(imageArchiveName("ghcr.io/project-akri/akri/agent:v0.13.8", "arm")).toBe(
                "ghcr.io_project-akri_akri_agent_v0.13.8-arm.tar",
            );
        },
    );

    test("preview fails before anything is declared when an archive is missing, naming the image and the file", () => {
        const imagesDir = path.join(dir, "images-missing");
        mkdirSync(imagesDir);
        const s = parsed({ dir: imagesDir });
        let message = "";
        try {
            checkAirgapImages(s, tableFor(s));
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toMatch(/^airgap\.images: \d+ image archives missing — nothing was touched:/);
        expect(message).toContain(
            `docker.io/kubeedge/installation-package:v1.23.0 (arm64, node ` +
                `'gw-1'): docker.io_kubeedge_installation-package_v1.23.0-arm64.tar is not ` +
                `in ${imagesDir}`,
        );
        expect(message).toContain(
            `registry.k8s.io/kube-apiserver:v1.36.3 (amd64, node 'cp-1'): ` +
                `registry.k8s.io_kube-apiserver_v1.36.3-amd64.tar is not in ${imagesDir}`,
        );
    });

    test("with every archive and its sha256 present: no error, and each node gets its archives as pinned files", () => {
        const imagesDir = path.join(dir, "images-full");
        mkdirSync(imagesDir);
        const s = parsed({ dir: imagesDir });
        const table = tableFor(s);
        const names = new Set<string>();
        for (const c of s.clusters)
            for (const n of c.nodes)
                for (const need of neededImages({ arch: n.arch, cluster: c, cloudCore: c.name === "cloud" }, table))
                    names.add(need.fileName);
        for (const n of s.kubeedge!.nodes)
            for (const need of neededImages({ arch: n.arch, kubeEdge: true }, table)) names.add(need.fileName);
        const sums: string[] = [];
        for (const f of names) {
            writeFileSync(path.join(imagesDir, f), `stand-in archive ${f}`);
            sums.push(`${createHash("sha256").update(`stand-in archive ${f}`).digest("hex")}  ${f}`);
        }
        // one archive listed in the file is missing its line: named as "no sha256"
        const [first, ...rest] = sums;
        writeFileSync(path.join(imagesDir, "SHA256SUMS"), rest.join("\n"));
        expect(() => checkAirgapImages(s, table)).toThrow(/has no sha256 in .*SHA256SUMS/);
        writeFileSync(path.join(imagesDir, "SHA256SUMS"), [first, ...rest].join("\n") + "\n");
        expect(() => checkAirgapImages(s, table)).not.toThrow();
        const files = nodeImageFiles(s.airgap.images, { arch: "arm64", kubeEdge: true }, table);
        expect(files.map((f) => [f.name, f.fileName])).toEqual([
            ["image_1", "docker.io_kubeedge_installation-package_v1.23.0-arm64.tar"],
            ["image_2", "registry.k8s.io_pause_3.10.2-arm64.tar"],
        ]);
        expect(files[0].sha256).toBe(
            createHash("sha256")
                .update("stand-in archive docker.io_kubeedge_installation-package_v1.23.0-arm64.tar")
                .digest("hex"),
        );
    });
});

describe("kind and k3d stage the shims the stack pins", () => {
    test("a sha512 pin of the WasmEdge shim reaches stage-shims.sh as SHIM_<i>_SHA512", () => {
        const table = tableFor({ artifacts: { wasmedgeShim: { arm64: { sha512: SHA512 } } } });
        const p = shimParams(["wasmedge"], "arm64", table);
        expect(p).toMatchObject({
            SHIM_COUNT: "1",
            SHIM_0_NAME: "containerd-shim-wasmedge-v1",
            SHIM_0_SHA256: "",
            SHIM_0_SHA512: SHA512,
        });
        // without the pin: passed on empty, refused by the script at up (not at preview)
        expect(shimParams(["wasmedge"], "arm64", VERSION_TABLE)).toMatchObject({
            SHIM_0_SHA256: "",
            SHIM_0_SHA512: "",
        });
    });
});
