// The component provider: what `pulumi package add`, `pulumi package get-schema` and a program in
// any language run (PulumiPlugin.yaml). The schema is inferred from these classes' Args.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { Akri, ClusterMesh, Continuum, ExistingCluster, K3dCluster, K3sCluster, KindCluster, KubeadmCluster, KubeEdge, RuntimeCatalog, SimCluster } from "./index";

/** The package's components, in the order the schema lists them. */
export const COMPONENTS = [Continuum, KubeadmCluster, K3sCluster, SimCluster, KindCluster, K3dCluster, ExistingCluster, ClusterMesh, KubeEdge, RuntimeCatalog, Akri];

void componentProviderHost({ components: COMPONENTS, dirname: __dirname, name: "continuum" });
