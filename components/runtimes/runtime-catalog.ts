import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { Cluster } from "../clusters/cluster";
import type { SshSpec } from "../spec/node";
import type { VersionTable } from "../versions";
import { VERSION_TABLE } from "../version-table";
import { hostAccess, type ReachableNode } from "../hosts/connection";
import { HostScript } from "../hosts/host-script";
import { artifactHostFile } from "../hosts/artifacts";
import { planRuntimes, type ClusterRuntimePlan } from "./plan";
import { runtimeInstall } from "./install-params";
import { kataDeployValues } from "./kata-deploy";
import type { RuntimeClassPlan } from "./catalog";

/** The runtime install and uninstall scripts. */
export const RUNTIME_SCRIPTS = {
    install: path.join(__dirname, "scripts", "runtimes-install.sh"),
    uninstall: path.join(__dirname, "scripts", "runtimes-uninstall.sh"),
};

/** Arguments of the RuntimeCatalog. */
export interface RuntimeCatalogArgs {
    /** The cluster handle (nodes with their runtimes, provider, substrate). */
    cluster: Cluster;
    /** SSH defaults; needed when a node's runtimes are installed over SSH (ssh substrate, KubeEdge nodes). */
    ssh?: SshSpec;
    /** How the SSH-reached nodes are addressed (port, user, pinned host key). @default [] */
    sshNodes?: ReachableNode[];
    /** Airgap artifact directory (files by name, nothing downloaded). */
    artifactDir?: string;
    /** Local kata-deploy chart archive or directory replacing the chart repository. */
    kataDeployChart?: string;
    /** `shim` (runwasi containerd-shim-wasmedge-v1) or `crun` (crun built with WasmEdge, pod annotation). @default "shim" */
    wasmedgeVia?: string;
    /** Kata hypervisor shim. @default "qemu" */
    kataShim?: string;
    /** kubelet cgroup driver is systemd (SystemdCgroup on runc-type handlers). @default true */
    systemdCgroup?: boolean;
    /** The version table. @default VERSION_TABLE */
    versions?: VersionTable;
}

/** A RuntimeClass as exported. */
export interface RuntimeClassOutput {
    /** crun | wasmedge | kata. */
    runtime: string;
    name: string;
    handler: string;
    nodeSelector: Record<string, string>;
    podFixed?: Record<string, string>;
    /** `created` by continuum or `patched` (K3s ships the object). */
    ownership: string;
}

/**
 * The runtimes of one cluster: installs them where the substrate needs it (host scripts over
 * SSH, kata-deploy on kind/k3d), labels each node `runtime.continuum.dev/<name>=true` once
 * its runtime is in place, and creates (or, for the ones K3s ships, patches) one RuntimeClass
 * per runtime installed somewhere in the cluster, with `scheduling.nodeSelector` on that label
 * and, for Kata, the pod overhead. A runtime installed on no node gets no RuntimeClass.
 */
export class RuntimeCatalog extends pulumi.ComponentResource {
    /** The plan (which node gets what, and how). */
    readonly plan: ClusterRuntimePlan;
    /** RuntimeClasses of this cluster. */
    readonly runtimeClasses: RuntimeClassOutput[];
    /** Resources sample workloads wait for (installs, labels, RuntimeClasses). */
    readonly ready: pulumi.Resource[] = [];

    constructor(name: string, args: RuntimeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("continuum:index:RuntimeCatalog", name, {}, opts);
        const cluster = args.cluster;
        const wasmedgeVia = args.wasmedgeVia ?? "shim";
        if (wasmedgeVia !== "shim" && wasmedgeVia !== "crun") {
            throw new Error(`wasmedgeVia '${wasmedgeVia}' is not known — use shim (runwasi) or crun (crun built with WasmEdge)`);
        }
        const kataShim = args.kataShim ?? "qemu";
        const table = args.versions ?? VERSION_TABLE;
        this.plan = planRuntimes(cluster, { kataShim });
        const k8sOpts = { parent: this, provider: cluster.provider, dependsOn: cluster.ready };

        const labelled: pulumi.Resource[] = [];
        const infos = new Map(cluster.nodes.map((n) => [n.name, n]));
        const reachable = new Map((args.sshNodes ?? []).map((n) => [n.name, n]));
        for (const node of this.plan.nodes) {
            // The substrate's own node steps install and label these (K3s over SSH: the node converge).
            if (infos.get(node.node)?.runtimesInstalled) continue;
            // What acts on one node waits for the control plane and that node (its join), no other.
            const nodeReady = [...cluster.ready, ...(cluster.nodesReady?.[node.node] ?? [])];
            let installed: pulumi.Resource[] = [];
            if (node.runtimes.some((r) => r.delivery === "host-script")) {
                installed = [this.hostInstall(args, reachable, node.node, node, table, wasmedgeVia, kataShim, nodeReady)];
            }
            // Simulated nodes carry their labels from the Cluster handle (the sim substrate sets them).
            if (node.runtimes.every((r) => r.delivery === "simulated")) continue;
            const patch = new k8s.core.v1.NodePatch(`${name}-${node.node}-labels`, {
                metadata: { name: node.node, labels: node.labels },
            }, { ...k8sOpts, dependsOn: [...nodeReady, ...installed] });
            labelled.push(patch, ...installed);
        }
        this.ready.push(...labelled);

        if (this.plan.kataDeployNodes.length > 0) {
            const pin = table.charts.kataDeploy;
            const release = new k8s.helm.v3.Release(`${name}-kata-deploy`, {
                chart: args.kataDeployChart ?? `${pin.repo}/${pin.chart}`,
                version: args.kataDeployChart ? undefined : pin.version,
                namespace: "kube-system",
                values: kataDeployValues({ distribution: cluster.distribution, substrate: cluster.substrate, shim: kataShim, version: pin.version }),
                atomic: true,
                timeout: 900,
            }, { ...k8sOpts, dependsOn: [...cluster.ready, ...labelled], customTimeouts: { create: "20m", update: "20m", delete: "10m" } });
            this.ready.push(release);
        }

        this.runtimeClasses = this.plan.runtimeClasses.map((rc) => {
            this.ready.push(this.runtimeClass(name, rc, k8sOpts));
            return {
                runtime: rc.runtime, name: rc.name, handler: rc.handler, nodeSelector: rc.nodeSelector,
                podFixed: rc.podFixed ? { ...rc.podFixed } : undefined,
                ownership: rc.mode === "patch" ? "patched" : "created",
            };
        });
        this.registerOutputs({ runtimeClasses: this.runtimeClasses, nodes: this.plan.nodes.map((n) => ({ node: n.node, labels: n.labels })) });
    }

    private runtimeClass(name: string, rc: RuntimeClassPlan, opts: pulumi.CustomResourceOptions): pulumi.Resource {
        const scheduling = { nodeSelector: rc.nodeSelector };
        const overhead = rc.podFixed ? { podFixed: rc.podFixed } : undefined;
        if (rc.mode === "patch") {
            // K3s applies its `runtimes` addon (RuntimeClasses crun, wasmedge, …) itself on every
            // server start: continuum only adds the fields it owns (server-side apply), so K3s's
            // re-apply and continuum never fight, and destroy removes only continuum's fields.
            return new k8s.node.v1.RuntimeClassPatch(`${name}-${rc.name}`, {
                metadata: { name: rc.name },
                handler: rc.handler,
                scheduling,
            }, opts);
        }
        return new k8s.node.v1.RuntimeClass(`${name}-${rc.name}`, {
            metadata: { name: rc.name, labels: { "app.kubernetes.io/managed-by": "continuum" } },
            handler: rc.handler,
            scheduling,
            overhead,
        }, opts);
    }

    private hostInstall(args: RuntimeCatalogArgs, reachable: Map<string, ReachableNode>, nodeName: string, node: ClusterRuntimePlan["nodes"][number], table: VersionTable, wasmedgeVia: string, kataShim: string, after: pulumi.Resource[]): pulumi.Resource {
        if (!args.ssh) {
            throw new Error(`node '${nodeName}' gets its runtimes over SSH but the RuntimeCatalog has no ssh settings — pass the spec's ssh block`);
        }
        const reach = reachable.get(nodeName);
        if (!reach) {
            throw new Error(`node '${nodeName}' gets its runtimes over SSH but is not among sshNodes — pass its address and pinned host key`);
        }
        const install = runtimeInstall({
            node, distribution: args.cluster.distribution, table,
            systemdCgroup: args.systemdCgroup, wasmedgeVia: wasmedgeVia as "shim" | "crun", kataShim,
        });
        const access = hostAccess(args.ssh, reach);
        const script = new HostScript(`${args.cluster.name}-${nodeName}-runtimes`, {
            nodeName,
            connection: access.connection,
            sudoMode: access.sudoMode,
            sudoPassword: access.sudoPassword,
            script: RUNTIME_SCRIPTS.install,
            uninstallScript: RUNTIME_SCRIPTS.uninstall,
            params: install.params,
            files: install.artifacts.map((f) => artifactHostFile(f, { airgapDir: args.artifactDir, parent: this })),
            timeoutSeconds: Math.max(access.timeoutSeconds, 900),
        }, { parent: this, dependsOn: after });
        return script.run;
    }
}
