import { VERSION_TABLE } from "../../components/version-table";
import type { HostArtifactName } from "../../components/versions";
import { pinnedFile } from "../../components/hosts/artifacts";

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;
const all = Object.entries(VERSION_TABLE.hostArtifacts) as [
    HostArtifactName,
    (typeof VERSION_TABLE.hostArtifacts)[HostArtifactName],
][];
const files = all.flatMap(([name, art]) =>
    Object.entries(art.files).map(([arch, f]) => ({ name, arch, version: art.version, ...f! })),
);

describe("version table: host artifacts", () => {
    test.each(files.filter((f) => f.sha256 !== undefined).map((f) => [`${f.name}/${f.arch}`, f.sha256]))(
        "%s sha256 is 64 lowercase hex",
        (_id, sha) => {
            expect(sha).toMatch(HEX64);
        },
    );
    test("every sha512 is 128 lowercase hex", () => {
        for (const f of files.filter((x) => x.sha512 !== undefined)) expect(f.sha512).toMatch(HEX128);
    });

    // Entries without a published digest continuum could record are installable only with a stack
    // pin (artifacts:): the list is explicit so that a new one is a deliberate change.
    test(
        "only K3s armhf, keadm, the WasmEdge shim and etcd lack a digest, and " +
            "pinnedFile says which stack field to set",
        () => {
            const missing = files
                .filter((f) => f.sha256 === undefined && f.sha512 === undefined)
                .map((f) => `${f.name}/${f.arch}`);
            expect(missing).toEqual([
                "k3s/arm",
                "keadm/amd64",
                "keadm/arm64",
                "keadm/arm",
                "wasmedgeShim/amd64",
                "wasmedgeShim/arm64",
                "etcd/amd64",
                "etcd/arm64",
            ]);
            expect(() => pinnedFile(VERSION_TABLE, "keadm", "arm64")).toThrow(
                /set artifacts\.keadm\.arm64\.sha256 \(or \.sha512\) in the stack/,
            );
            expect(() => pinnedFile(VERSION_TABLE, "keadm", "arm64")).not.toThrow(/version-table/);
        },
    );

    // The entries the SSH substrate installs are all filled: nothing installs from an empty checksum.
    const sshArtifacts: HostArtifactName[] = ["k3s", "kubeadm", "kubelet", "kubectl", "containerd", "cniPlugins"];
    test.each(sshArtifacts)("%s pins amd64 and arm64 with a checksum and a versioned URL", (name) => {
        const art = VERSION_TABLE.hostArtifacts[name];
        for (const arch of ["amd64", "arm64"]) {
            const f = pinnedFile(VERSION_TABLE, name, arch);
            expect(f.sha256).toMatch(HEX64);
            expect(decodeURIComponent(f.url)).toContain(art.version.replace(/^v/, ""));
            expect(f.fileName).toContain(art.version.replace(/^v/, ""));
        }
    });

    test("no two files share a checksum (a copy-paste slip would)", () => {
        const shas = files.flatMap((f) => [f.sha256, f.sha512]).filter((s) => s !== undefined);
        expect(new Set(shas).size).toBe(shas.length);
    });

    test("pinnedFile refuses an empty checksum and an unpinned arch with the fix", () => {
        const table = structuredClone(VERSION_TABLE);
        table.hostArtifacts.k3s.files.amd64!.sha256 = "";
        expect(() => pinnedFile(table, "k3s", "amd64")).toThrow(
            new RegExp(
                /k3s v1\.\d+\.\d+\+k3s\d for amd64 has no /.source +
                    /published sha256 or sha512 .* artifacts\.k3s\.amd64\.sha256 /.source +
                    /.* continuum does not install unverified files/.source,
            ),
        );
        expect(() => pinnedFile(VERSION_TABLE, "containerd", "arm")).toThrow(
            new RegExp(
                /containerd \S+ is not pinned for arm — use /.source +
                    /a node of arch amd64 or arm64, or pin it /.source +
                    /in the stack: artifacts\.containerd\.arm/.source,
            ),
        );
    });
});
