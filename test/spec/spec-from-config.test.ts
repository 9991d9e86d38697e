import * as pulumi from "@pulumi/pulumi";
import { specFromConfig } from "../../components/continuum";
import { fullTable, testHostKey } from "./fixtures";

/** A K3s cluster over SSH with a 32-bit arm agent (the toolkit's table has no K3s digest for arm). */
const spec = {
    ssh: { user: "ops", privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----" },
    clusters: [
        {
            name: "edge",
            tier: "edge",
            distribution: "k3s",
            substrate: "ssh",
            network: { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
            nodes: [
                { name: "s1", roles: ["server"], host: "192.0.2.10", hostKey: testHostKey("key-one") },
                { name: "a1", roles: ["agent"], arch: "arm", host: "192.0.2.11", hostKey: testHostKey("key-two") },
            ],
        },
    ],
};

describe("specFromConfig", () => {
    beforeAll(() => pulumi.runtime.setConfig("continuum:spec", JSON.stringify(spec)));

    test("checks the stack's continuum:spec against the toolkit's table by default", () => {
        expect(() => specFromConfig()).toThrow(
            new RegExp(
                /clusters\[0\]\.nodes\[1\]\.arch: k3s \S+ has no published digest /.source +
                    /in continuum's version table for arm \(node 'a1'\)/.source,
            ),
        );
    });

    test("`versions`: checks it against the table the program installs from", () => {
        const table = fullTable();
        const k3s = table.hostArtifacts.k3s;
        const arm = { url: "https://example.invalid/k3s-arm", fileName: "k3s-arm", sha256: "1".repeat(64) };
        table.hostArtifacts = { ...table.hostArtifacts, k3s: { ...k3s, files: { ...k3s.files, arm } } };
        expect(specFromConfig({ versions: table }).clusters[0].nodes.map((n) => n.arch)).toEqual(["amd64", "arm"]);
    });
});
