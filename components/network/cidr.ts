import * as ipaddr from "ipaddr.js";

/** `ipv4` | `ipv6` of a CIDR; throws a message naming the value when it is not one. */
export function cidrFamily(cidr: string, what: string): "ipv4" | "ipv6" {
    try {
        return ipaddr.parseCIDR(cidr)[0].kind();
    } catch {
        throw new Error(`${what}: '${cidr}' is not a CIDR — write an address range like 10.42.0.0/16`);
    }
}

/**
 * The smallest CIDR that contains every given CIDR (all of one family): the range Cilium's
 * native routing must not masquerade when pods of several meshed clusters talk directly.
 */
export function coveringCidr(cidrs: readonly string[]): string {
    if (cidrs.length === 0) throw new Error("coveringCidr needs at least one CIDR");
    const parsed = cidrs.map((c) => ipaddr.parseCIDR(c));
    const kind = parsed[0][0].kind();
    if (parsed.some(([addr]) => addr.kind() !== kind)) {
        throw new Error(`cannot cover ${cidrs.join(", ")}: they mix IPv4 and IPv6 — mesh clusters of one address family`);
    }
    const bytes = parsed.map(([addr]) => addr.toByteArray());
    let prefix = Math.min(...parsed.map(([, len]) => len));
    for (let bit = 0; bit < prefix; bit++) {
        const byte = bit >> 3;
        const mask = 0x80 >> (bit & 7);
        const first = bytes[0][byte] & mask;
        if (bytes.some((b) => (b[byte] & mask) !== first)) {
            prefix = bit;
            break;
        }
    }
    const network = kind === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(`${parsed[0][0].toString()}/${prefix}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${parsed[0][0].toString()}/${prefix}`);
    return `${network.toString()}/${prefix}`;
}

/** True when the text is an IPv4 or IPv6 address (not a DNS name). */
export function isIp(text: string): boolean {
    return ipaddr.isValid(text);
}
