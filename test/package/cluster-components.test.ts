// Unit tier: the component package's five cluster components, whose bodies CLUSTER_COMPONENTS
// drives (components/package/cluster-component.ts). Each declares its cluster on its own substrate
// and distribution, takes its tier (and SimCluster its distribution) from its Args or else from the
// table, and outputs a secret kubeconfig, the API endpoint and a plain clusterRef.
import { installMocks, isSecretOutput, valueOf } from "../helpers/pulumi-mocks";
import { fixtureHostKey, NODE_KUBECONFIG, SECRETS } from "../hosts-unit/ssh-fixtures";
import { kubeconfigFor } from "../clusters/kind-fixtures";
import { kwokKubeconfig } from "../clusters/sim-fixtures";

// Mocks first: what each substrate's commands print (a kubeconfig where one is read from them).
installMocks((r) => {
    if (r.type === "random:index/randomString:RandomString") return { result: "abc123" };
    // kubeadm's bootstrap token secret: 16 characters of [a-z0-9]
    if (r.type === "random:index/randomPassword:RandomPassword") return { result: "0123456789abcdef" };
    if (r.type !== "command:local:Command") return {};
    const name = String(r.name);
    if (name.endsWith("-kubeconfig-run")) return { stdout: NODE_KUBECONFIG };
    if (name.endsWith("-control-plane")) {
        const port = /API_PORT=(\d+)/.exec(String(r.inputs.stdin))?.[1] ?? "0";
        return { stdout: kwokKubeconfig(name.replace(/-control-plane$/, ""), Number(port)) };
    }
    const local = /^(.*)-(kind|k3d)$/.exec(name);
    if (local) return { stdout: kubeconfigFor(`${local[2]}-${local[1]}`, "https://127.0.0.1:40123") };
    return { stdout: "ok" };
});

import type * as pulumi from "@pulumi/pulumi";
import {
    K3dCluster,
    K3sCluster,
    KindCluster,
    KubeadmCluster,
    SimCluster,
    type ClusterRef,
    type K3dClusterArgs,
} from "../../components/package/index";
import { CLUSTER_COMPONENTS } from "../../components/package/cluster-component";
import { standInAirgap } from "../hosts-unit/airgap-fixture";

// The SSH components' node bundles read the pinned artifact files: stand-ins, nothing is downloaded.
const airgap = standInAirgap();
afterAll(() => airgap.cleanup());

/** The Args every component accepts: one node of the given role, SSH key and airgap for the SSH ones. */
function argsFor(role: string): K3dClusterArgs {
    return {
        network: { podCidr: "10.30.0.0/16", serviceCidr: "10.130.0.0/16" },
        nodes: [{ name: "n-1", host: "10.0.0.31", hostKey: fixtureHostKey("cluster components n-1"), roles: [role] }],
        ssh: { privateKey: SECRETS.privateKey },
        airgap: { artifactDir: airgap.artifactDir },
    } as K3dClusterArgs;
}

type Outputs = { kubeconfig: pulumi.Output<string>; apiEndpoint: pulumi.Output<string>; clusterRef: ClusterRef };
const constructors: Record<keyof typeof CLUSTER_COMPONENTS, (name: string, role: string, tier?: string) => Outputs> = {
    KubeadmCluster: (n, r, tier) => new KubeadmCluster(n, { ...argsFor(r), ...(tier ? { tier } : {}) } as never),
    K3sCluster: (n, r, tier) => new K3sCluster(n, { ...argsFor(r), ...(tier ? { tier } : {}) } as never),
    SimCluster: (n, r, tier) => new SimCluster(n, { ...argsFor(r), ...(tier ? { tier } : {}) } as never),
    KindCluster: (n, r, tier) => new KindCluster(n, { ...argsFor(r), ...(tier ? { tier } : {}) } as never),
    K3dCluster: (n, r, tier) => new K3dCluster(n, { ...argsFor(r), ...(tier ? { tier } : {}) } as never),
};

describe.each(Object.entries(CLUSTER_COMPONENTS))("%s", (component, kind) => {
    const control = kind.distribution === "k3s" ? "server" : "control-plane";
    const make = constructors[component as keyof typeof CLUSTER_COMPONENTS];
    const name = component.toLowerCase().replace("cluster", "-c");

    test("declares its cluster on its substrate and distribution, with the table's tier by default", () => {
        const ref = make(name, control).clusterRef;
        expect({ name: ref.name, substrate: ref.substrate, distribution: ref.distribution, tier: ref.tier }).toEqual({
            name,
            substrate: kind.substrate,
            distribution: kind.distribution,
            tier: kind.tier,
        });
        // kind and k3d name their nodes after the cluster's containers
        expect(ref.nodes.map((n) => n.roles)).toEqual([[control]]);
    });

    test("takes the tier its Args give", () => {
        const other = kind.tier === "cloud" ? "edge" : "cloud";
        expect(make(`${name}-t`, control, other).clusterRef.tier).toBe(other);
    });

    test("outputs the kubeconfig as a secret and the API endpoint", async () => {
        const out = make(`${name}-o`, control);
        expect(await isSecretOutput(out.kubeconfig)).toBe(true);
        expect(await valueOf(out.apiEndpoint)).toMatch(/^https:\/\/[^:]+:\d+$/);
    });
});

test("SimCluster simulates the distribution its Args give", () => {
    const sim = new SimCluster("sim-k3s", { ...argsFor("server"), distribution: "k3s" });
    expect([sim.clusterRef.distribution, sim.clusterRef.substrate]).toEqual(["k3s", "sim"]);
});
