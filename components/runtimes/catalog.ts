/**
 * The runtime catalog: for each runtime (crun, WasmEdge, Kata) and each substrate, how the
 * runtime reaches a node, which containerd handler it gets, and its RuntimeClass.
 * Pure data and functions: the RuntimeCatalog component turns a plan into resources.
 */
import type { RuntimeName } from "../spec/node";
import type { HostArtifactName } from "../versions";
import { runtimeLabel } from "../clusters/cluster";
import type { ContainerdConfigFormat, HandlerSettings } from "./containerd-config";
import { handlerName } from "./containerd-config";
import type { Distribution } from "../distributions/distribution";
import type { Substrate } from "../spec/cluster";

/** How a runtime reaches a node. */
export type Delivery =
    /** A host script over SSH installs the pinned artifact and writes the containerd config. */
    | "host-script"
    /** The node container mounts the binary; the kind/k3d builder (clusters/local/runtimes.ts) configures containerd.
     * */
    | "node-mount"
    /** kata-deploy (chart) installs Kata from inside the cluster, on the labelled nodes. */
    | "kata-deploy"
    /** Simulated nodes: nothing is installed; labels and RuntimeClasses are real. */
    | "simulated"
    /** An existing cluster: the runtime is taken as already there. */
    | "preinstalled";

/** How the handler stanza reaches containerd on a node. */
export type ConfigWay =
    /** kind `containerdConfigPatches` (config version 2). */
    | "kind-patch"
    /** K3s `config-v3.toml.tmpl` (or nothing, when K3s detects the runtime itself). */
    | "k3s-template"
    /** A containerd drop-in imported by the main config (kubeadm, KubeEdge nodes). */
    | "containerd-dropin"
    /** kata-deploy writes it. */
    | "kata-deploy"
    /** Nothing to write (sim, existing). */
    | "none";

/** Kata pod overhead per hypervisor shim, as kata-deploy's RuntimeClasses declare it. */
export const KATA_OVERHEAD: Record<string, { memory: string; cpu: string }> = {
    qemu: { memory: "160Mi", cpu: "250m" },
    clh: { memory: "130Mi", cpu: "250m" },
    "cloud-hypervisor": { memory: "130Mi", cpu: "250m" },
    fc: { memory: "130Mi", cpu: "250m" },
    dragonball: { memory: "130Mi", cpu: "250m" },
};

/** The label kata-deploy sets on a node once Kata is installed there. */
export const KATA_DEPLOY_READY_LABEL = "katacontainers.io/kata-runtime";

/** One catalog entry. */
export interface RuntimeEntry {
    runtime: RuntimeName;
    /** The version-table artifact installed on hosts. */
    artifact: HostArtifactName;
    /** K3s ships a RuntimeClass of this name (its `runtimes` addon) — patched, never created. */
    k3sPrecreated: boolean;
    /** Needs `/dev/kvm` on the node. */
    needsKvm: boolean;
}

/** The catalog. */
export const RUNTIME_CATALOG: Record<RuntimeName, RuntimeEntry> = {
    crun: { runtime: "crun", artifact: "crun", k3sPrecreated: true, needsKvm: false },
    wasmedge: { runtime: "wasmedge", artifact: "wasmedgeShim", k3sPrecreated: true, needsKvm: false },
    kata: { runtime: "kata", artifact: "kata", k3sPrecreated: false, needsKvm: true },
};

/** Where a cluster runs, as the catalog needs it. */
export interface ClusterPlace {
    /** ssh | kind | k3d | sim | existing. */
    substrate: Substrate;
    /** kubeadm | k3s | existing. */
    distribution: Distribution;
}

/** How a runtime reaches a node of this cluster (KubeEdge nodes are reached over SSH like ssh nodes). */
export function deliveryFor(runtime: RuntimeName, place: ClusterPlace, kubeEdgeNode = false): Delivery {
    if (place.substrate === "sim") return "simulated";
    if (kubeEdgeNode) return "host-script";
    switch (place.substrate) {
        case "ssh":
            return "host-script";
        case "kind":
        case "k3d":
            return runtime === "kata" ? "kata-deploy" : "node-mount";
        case "existing":
            return "preinstalled";
        default:
            throw new Error(
                `substrate '${place.substrate}' is not known to the runtime ` +
                    `catalog — use one of ssh, kind, k3d, sim, existing`,
            );
    }
}

/** The containerd config format of a node: kind nodes read v2; containerd 2.x (kubeadm, K3s 1.36) v3. */
export function containerdFormatFor(place: ClusterPlace): ContainerdConfigFormat {
    return place.substrate === "kind" ? "v2" : "v3";
}

/** How the handler stanza reaches containerd. */
export function configWayFor(runtime: RuntimeName, place: ClusterPlace, kubeEdgeNode = false): ConfigWay {
    const d = deliveryFor(runtime, place, kubeEdgeNode);
    if (d === "simulated" || d === "preinstalled") return "none";
    if (d === "kata-deploy") return "kata-deploy";
    if (kubeEdgeNode) return "containerd-dropin";
    if (place.substrate === "kind") return "kind-patch";
    return place.distribution === "k3s" ? "k3s-template" : "containerd-dropin";
}

/** A RuntimeClass as continuum wants it. */
export interface RuntimeClassPlan {
    runtime: RuntimeName;
    /** Object name (= handler). */
    name: string;
    /** containerd handler. */
    handler: string;
    /** `scheduling.nodeSelector`. */
    nodeSelector: Record<string, string>;
    /** `overhead.podFixed`, Kata only. */
    podFixed?: { memory: string; cpu: string };
    /** `create` a RuntimeClass, or `patch` the one K3s ships. */
    mode: "create" | "patch";
}

/** The RuntimeClass of one runtime in one cluster. */
export function runtimeClassFor(
    runtime: RuntimeName,
    place: ClusterPlace,
    settings: Pick<HandlerSettings, "kataShim">,
): RuntimeClassPlan {
    const handler = handlerName(runtime, settings);
    const nodeSelector: Record<string, string> = { [runtimeLabel(runtime)]: "true" };
    if (deliveryFor(runtime, place) === "kata-deploy") nodeSelector[KATA_DEPLOY_READY_LABEL] = "true";
    const shim = settings.kataShim ?? "qemu";
    let podFixed: RuntimeClassPlan["podFixed"];
    if (runtime === "kata") {
        podFixed = KATA_OVERHEAD[shim];
        if (!podFixed) {
            throw new Error(
                `kata shim '${shim}' has no known pod overhead — use one of ${Object.keys(KATA_OVERHEAD).join(", ")}`,
            );
        }
    }
    // K3s's server applies its `runtimes` addon (RuntimeClasses crun, wasmedge, …) on every
    // start; a sim cluster runs no K3s server, so there the object is continuum's to create.
    const k3sShipsIt = place.distribution === "k3s" && (place.substrate === "ssh" || place.substrate === "k3d");
    const mode = k3sShipsIt && RUNTIME_CATALOG[runtime].k3sPrecreated ? "patch" : "create";
    return { runtime, name: handler, handler, nodeSelector, podFixed: podFixed ? { ...podFixed } : undefined, mode };
}
