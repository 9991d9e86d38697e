/** The one architecture of a local cluster's nodes: they are containers on one Docker engine. */
export function nodeArch(nodes: readonly { name: string; arch?: string }[], where: string): string {
    const arches = [...new Set(nodes.map((n) => n.arch ?? "amd64"))];
    if (arches.length > 1) {
        throw new Error(
            `${where}: nodes of one local cluster are containers on one ` +
                `Docker engine and share its architecture, but the spec mixes ${arches.join(" and ")} ` +
                `— give every node the engine's arch`,
        );
    }
    return arches[0] ?? "amd64";
}
