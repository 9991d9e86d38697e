// examples/yaml/k3s/Pulumi.yaml in TypeScript: the same components, Args and names, from the
// library (components/index.ts, what `continuum` names inside this repository).
import * as pulumi from "@pulumi/pulumi";
import { Akri, K3sCluster, RuntimeCatalog, type NodeSpecArgs } from "../../../components";

const config = new pulumi.Config();

// Documentation addresses; the host keys are placeholders (their bytes spell REPLACE-ME): put your
// machines' addresses and `ssh-keyscan -t ed25519 <host>` keys, checked out of band.
const nodes: NodeSpecArgs[] = [
    {
        name: "edge-a-1",
        roles: ["server"],
        host: "198.51.100.21",
        hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFJFUExBQ0UtTUUgZWRnZS1hLTEAAAAAAAAAAAAAAAAA",
        runtimes: ["crun"],
    },
    {
        name: "edge-a-2",
        roles: ["agent"],
        host: "198.51.100.22",
        hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFJFUExBQ0UtTUUgZWRnZS1hLTIAAAAAAAAAAAAAAAAA",
        runtimes: ["crun"],
    },
];

const edge = new K3sCluster("edge-a", {
    clusterName: "edge-a",
    network: { podCidr: "10.20.0.0/16", serviceCidr: "10.120.0.0/16" },
    ssh: { privateKey: config.requireSecret("sshPrivateKey") },
    nodes,
});

// In TypeScript the cluster's plain reference is there at once (`clusterRef`); YAML writes it out.
const runtimes = new RuntimeCatalog("edge-a-runtimes", { cluster: edge.clusterRef, kubeconfig: edge.kubeconfig });
const akri = new Akri("edge-a-akri", {
    cluster: edge.clusterRef,
    kubeconfig: edge.kubeconfig,
    udev: { rules: ['KERNEL=="video[0-9]*"'] },
    configurations: [{ name: "cameras-usb", handler: "udev" }],
});

export const apiEndpoint = edge.apiEndpoint;
export const runtimeClasses = runtimes.runtimeClasses;
export const akriResources = akri.resources;
