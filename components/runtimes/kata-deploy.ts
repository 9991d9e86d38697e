/**
 * kata-deploy chart values (kind and k3d clusters, where no SSH step reaches the node).
 * Layout of kata-containers/kata-containers tools/packaging/kata-deploy/helm-chart/kata-deploy/values.yaml
 * (`k8sDistribution`, `nodeSelector`, `env.shims`, `env.createRuntimeClasses`, `image.reference/tag`).
 * Pure.
 */
import { runtimeLabel } from "../clusters/cluster";
import type { Distribution } from "../distributions/distribution";
import type { Substrate } from "../spec/cluster";

/** The kata-deploy image (the chart's default repository). */
export const KATA_DEPLOY_IMAGE = "quay.io/kata-containers/kata-deploy";

/** Inputs of the values. */
export interface KataDeployInputs {
    /** kubeadm | k3s (cluster distribution). */
    distribution: Distribution;
    /** kind | k3d | ssh. */
    substrate: Substrate;
    /** The hypervisor shim (`qemu`, `clh`, …). */
    shim: string;
    /** Chart (= Kata) version; pins the image tag too. */
    version: string;
}

/** kata-deploy's k8sDistribution for a cluster: K3s needs `k3s` (its containerd template and service). */
export function kataDistribution(distribution: Distribution, substrate: Substrate): string {
    if (distribution === "k3s" || substrate === "k3d") return "k3s";
    return "k8s";
}

/**
 * Values: install only the chosen shim, only on nodes continuum labelled for Kata, and no
 * RuntimeClasses (continuum owns `kata-<shim>`, with its own nodeSelector and overhead;
 * the chart's would collide with it by name).
 */
export function kataDeployValues(inputs: KataDeployInputs): Record<string, unknown> {
    if (!/^[a-z0-9-]+$/.test(inputs.shim)) {
        throw new Error(`kata shim '${inputs.shim}' is not a shim name — use e.g. qemu or clh`);
    }
    return {
        k8sDistribution: kataDistribution(inputs.distribution, inputs.substrate),
        image: { reference: KATA_DEPLOY_IMAGE, tag: inputs.version },
        nodeSelector: { [runtimeLabel("kata")]: "true" },
        env: {
            shims: inputs.shim,
            defaultShim: inputs.shim,
            createRuntimeClasses: "false",
            createDefaultRuntimeClass: "false",
        },
    };
}
