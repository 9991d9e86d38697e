/** Where a ClusterMesh member's clustermesh-apiserver listens: the spec rules and the mesh add-on share this. */

/** NodePort of the first mesh member (id 1) when the spec sets none. */
export const FIRST_MESH_NODE_PORT = 32379;

/** The clustermesh-apiserver NodePort of a member: explicit, or 32379 + id - 1. */
export function meshNodePort(mesh: { id: number; nodePort?: number }): number {
    return mesh.nodePort ?? FIRST_MESH_NODE_PORT + mesh.id - 1;
}
