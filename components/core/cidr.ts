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
        throw new Error(
            `cannot cover ${cidrs.join(", ")}: they mix IPv4 and IPv6 — mesh clusters of one address family`,
        );
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
    const network =
        kind === "ipv4"
            ? ipaddr.IPv4.networkAddressFromCIDR(`${parsed[0][0].toString()}/${prefix}`)
            : ipaddr.IPv6.networkAddressFromCIDR(`${parsed[0][0].toString()}/${prefix}`);
    return `${network.toString()}/${prefix}`;
}

/** True when the text is an IPv4 or IPv6 address (not a DNS name). */
export function isIp(text: string): boolean {
    return ipaddr.isValid(text);
}

/** A parsed CIDR: address and prefix length. */
export type CidrRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parse one CIDR with ipaddr.js; undefined when malformed. An IPv4-mapped IPv6 range
 * (`::ffff:10.0.0.0/104`) is the IPv4 range it maps (`10.0.0.0/8`), so it compares as one.
 */
export function parseCidrRange(text: string): CidrRange | undefined {
    let range: CidrRange;
    try {
        range = ipaddr.parseCIDR(text.trim());
    } catch {
        return undefined;
    }
    const [addr, len] = range;
    if (addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress() && len >= 96) return [addr.toIPv4Address(), len - 96];
    return range;
}

/** The CIDRs of a single or dual-stack value: `10.42.0.0/16` or `10.42.0.0/16,fd00:42::/56`. */
export function cidrList(text: string): string[] {
    return text.split(",").map((c) => c.trim());
}

/**
 * True when two CIDR values share an address: each may be one CIDR or a dual-stack pair
 * (comma-separated); only ranges of one family can overlap, IPv4-mapped IPv6 counting as IPv4.
 * A malformed CIDR overlaps nothing (the spec rules report it). The one overlap check of the toolkit.
 */
export function cidrsOverlap(a: string, b: string): boolean {
    for (const x of cidrList(a)) {
        const ra = parseCidrRange(x);
        if (!ra) continue;
        for (const y of cidrList(b)) {
            const rb = parseCidrRange(y);
            if (!rb || ra[0].kind() !== rb[0].kind()) continue;
            const [wide, narrow] = ra[1] <= rb[1] ? [ra, rb] : [rb, ra];
            if (narrow[0].match(wide)) return true;
        }
    }
    return false;
}
