/**
 * Addresses and names of test hosts. Pure: no I/O.
 *
 * A run owns one link-local /24, 169.254.<octet>.0/24; host i of the run gets the /30 at
 * 169.254.<octet>.<4i>: the uplink side (the runner, or the bastion for a host behind one)
 * is .<4i+1>, the host is .<4i+2>. Network namespaces and links are named cth<octet>n<i> and
 * cth<octet>u<i> (≤ 15 characters, the kernel's limit), which is what cleanup.sh looks for.
 */
import * as ipaddr from "ipaddr.js";

/** Third octets a run may take (169.254.0.0/24 and 169.254.255.0/24 are reserved by RFC 3927). */
export const RUN_OCTETS = { first: 16, last: 250 } as const;
/** Hosts one run can hold: the 64 /30s of a /24 (index 0..63). */
export const MAX_HOSTS_PER_RUN = 64;
/** Interface names are at most 15 characters (IFNAMSIZ - 1). */
const IFNAME_MAX = 15;

/** Where one host sits on the network. */
export interface HostLink {
    /** Network namespace of the host. */
    netns: string;
    /** The veth end on the uplink side (runner or bastion). */
    linkOuter: string;
    /** The veth end inside the host. */
    linkInner: string;
    /** Address of the uplink side. */
    outer: string;
    /** The host's address. */
    inner: string;
    /** Prefix length of the link. */
    prefixLength: number;
}

function checkOctet(octet: number): void {
    if (!Number.isInteger(octet) || octet < RUN_OCTETS.first || octet > RUN_OCTETS.last) {
        throw new Error(`run octet ${octet} is outside ${RUN_OCTETS.first}..${RUN_OCTETS.last}`);
    }
}

/** The /24 a run owns. */
export function runSubnet(octet: number): string {
    checkOctet(octet);
    return `${new ipaddr.IPv4([169, 254, octet, 0]).toString()}/24`;
}

/** Network place and names of host `index` of the run with `octet`. */
export function hostLink(octet: number, index: number): HostLink {
    checkOctet(octet);
    if (!Number.isInteger(index) || index < 0 || index >= MAX_HOSTS_PER_RUN) {
        throw new Error(
            `host index ${index} is outside 0..${MAX_HOSTS_PER_RUN - 1} ` +
                `— a run holds at most ${MAX_HOSTS_PER_RUN} hosts`,
        );
    }
    const outer = new ipaddr.IPv4([169, 254, octet, 4 * index + 1]);
    const inner = new ipaddr.IPv4([169, 254, octet, 4 * index + 2]);
    const [net, len] = ipaddr.IPv4.parseCIDR(`${outer.toString()}/30`);
    if (!inner.match(net, len) || outer.range() !== "linkLocal") {
        throw new Error(`internal: ${outer.toString()} and ${inner.toString()} are not one link-local /30`);
    }
    const names = { netns: `cth${octet}n${index}`, linkOuter: `cth${octet}u${index}` };
    for (const n of Object.values(names)) {
        if (n.length > IFNAME_MAX) throw new Error(`internal: interface name ${n} is longer than ${IFNAME_MAX}`);
    }
    return { ...names, linkInner: "eth0", outer: outer.toString(), inner: inner.toString(), prefixLength: len };
}

/**
 * The run's LAN (real hosts only): 172.31.<octet>.0/24 on one bridge, `cth<octet>ulan`, on this
 * machine. The runner is .1; host `index` is .(10 + index). Not link-local: a kubelet refuses a
 * link-local node IP, and the hosts of a cluster must reach each other (API, pod routes).
 */
export function lanLink(octet: number, index: number): HostLink & { bridge: string } {
    const base = hostLink(octet, index);
    const outer = new ipaddr.IPv4([172, 31, octet, 1]);
    const inner = new ipaddr.IPv4([172, 31, octet, 10 + index]);
    if (inner.range() !== "private") throw new Error(`internal: ${inner.toString()} is not a private address`);
    return { ...base, outer: outer.toString(), inner: inner.toString(), prefixLength: 24, bridge: `cth${octet}ulan` };
}
