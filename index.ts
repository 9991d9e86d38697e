// The Pulumi program: read the stack's continuum:spec, build the Continuum, export its outputs.
import { Continuum, specFromConfig } from "./components/continuum";
import { applySdkPatches } from "./components/sdk-patches";

// The SDK's own per-resource stack captures skip source maps, and its per-resource RPC traces —
// shown only under `--debug` — are not sent (components/sdk-patches/, measured in bench/README.md).
applySdkPatches();
const continuum = new Continuum("continuum", { spec: specFromConfig() });

/** Per cluster: tier, substrate, API endpoint, kubeconfig (secret), CIDRs, nodes. */
export const clusters = continuum.clusterOutputs;
/** Certificate expiry (plain dates) per cluster and of the mesh CA: `continuum validate --deployed` prints it. */
export const certificates = continuum.certificates;
/** Which cluster sees which: mesh peers, KubeEdge edge nodes. */
export const topology = continuum.topology;
/** ClusterMesh: which cluster lists which, on which endpoint. */
export const mesh = continuum.meshTopology;
/** Per cluster: RuntimeClasses, Akri Configurations and the extended resources they offer. */
export const devices = continuum.devices;
