import { VERSION_TABLE } from "../../components/version-table";
import type { HostArtifactName } from "../../components/versions";
import { pinnedFile } from "../../components/hosts/artifacts";

const HEX64 = /^[0-9a-f]{64}$/;
const all = Object.entries(VERSION_TABLE.hostArtifacts) as [HostArtifactName, (typeof VERSION_TABLE.hostArtifacts)[HostArtifactName]][];
const files = all.flatMap(([name, art]) => Object.entries(art.files).map(([arch, f]) => ({ name, arch, version: art.version, ...f! })));

describe("version table: host artifacts", () => {
    test.each(files.filter((f) => f.sha256 !== "").map((f) => [`${f.name}/${f.arch}`, f.sha256]))("%s sha256 is 64 lowercase hex", (_id, sha) => {
        expect(sha).toMatch(HEX64);
    });

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
        const shas = files.map((f) => f.sha256).filter((s) => s !== "");
        expect(new Set(shas).size).toBe(shas.length);
    });

    test("pinnedFile refuses an empty checksum and an unpinned arch with the fix", () => {
        const table = structuredClone(VERSION_TABLE);
        table.hostArtifacts.k3s.files.amd64!.sha256 = "";
        expect(() => pinnedFile(table, "k3s", "amd64")).toThrow(/k3s v1\.\d+\.\d+\+k3s\d for amd64 has no sha256 in components\/version-table.ts .* continuum does not install unverified files/);
        expect(() => pinnedFile(VERSION_TABLE, "containerd", "arm")).toThrow(/containerd \S+ is not pinned for arm — use a node of arch amd64 or arm64/);
    });
});
