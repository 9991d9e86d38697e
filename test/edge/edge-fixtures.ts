/** What the KubeEdge mock tests share: the cloud cluster they join, and stand-in node archives. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Cluster } from "../../components/clusters/cluster";
import { VERSION_TABLE } from "../../components/version-table";
import { fakeCluster } from "../network/fake-cluster";

/** A kubeadm cloud cluster over SSH, one control plane at 192.0.2.10. */
export function sshKubeadmCloud(): Cluster {
    return fakeCluster({
        name: "cloud",
        substrate: "ssh",
        distribution: "kubeadm",
        podCidr: "10.10.0.0/16",
        apiHost: "192.0.2.10",
        nodes: [{ name: "cp", host: "192.0.2.10" }],
    });
}

/** A stand-in file under each named artifact's amd64 file name in `dir` (the airgap directory). */
export function writeStandInArchives(dir: string, names: readonly (keyof typeof VERSION_TABLE.hostArtifacts)[]): void {
    for (const name of names) {
        const file = VERSION_TABLE.hostArtifacts[name].files.amd64!.fileName;
        fs.writeFileSync(path.join(dir, file), "stand-in archive");
    }
}
