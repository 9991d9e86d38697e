// The package's components, in the order the schema lists them (provider.ts serves them;
// scripts/schema.ts and the schema test infer the schema from the same list).
import {
    Akri,
    ClusterMesh,
    Continuum,
    ExistingCluster,
    K3dCluster,
    K3sCluster,
    KindCluster,
    KubeadmCluster,
    KubeEdge,
    RuntimeCatalog,
    SimCluster,
} from "./index";

/** The package name every token starts with (`continuum:index:<Component>`). */
export const PACKAGE_NAME = "continuum";

/** The components the package publishes. */
export const COMPONENTS = [
    Continuum,
    KubeadmCluster,
    K3sCluster,
    SimCluster,
    KindCluster,
    K3dCluster,
    ExistingCluster,
    ClusterMesh,
    KubeEdge,
    RuntimeCatalog,
    Akri,
];
