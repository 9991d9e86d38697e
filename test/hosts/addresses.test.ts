/** Address and name allocation of test hosts (pure). */
import * as ipaddr from "ipaddr.js";
import { hostLink, lanLink, MAX_HOSTS_PER_RUN, RUN_OCTETS, runSubnet } from "./harness/addresses";

describe("test-host addresses", () => {
    it("gives every host of a run its own link-local /30 inside the run's /24", () => {
        const [net, len] = ipaddr.IPv4.parseCIDR(runSubnet(42));
        expect(len).toBe(24);
        const seen = new Set<string>();
        for (let i = 0; i < MAX_HOSTS_PER_RUN; i++) {
            const l = hostLink(42, i);
            for (const a of [l.outer, l.inner]) {
                const ip = ipaddr.IPv4.parse(a);
                expect(ip.range()).toBe("linkLocal");
                expect(ip.match(net, len)).toBe(true);
                expect(seen.has(a)).toBe(false);
                seen.add(a);
            }
            const [hostNet] = ipaddr.IPv4.parseCIDR(`${l.inner}/30`);
            expect(ipaddr.IPv4.parse(l.outer).match(hostNet, 30)).toBe(true);
            expect(l.prefixLength).toBe(30);
        }
        expect(hostLink(42, 0)).toMatchObject({ outer: "169.254.42.1", inner: "169.254.42.2" });
        expect(hostLink(42, 63)).toMatchObject({ outer: "169.254.42.253", inner: "169.254.42.254" });
    });

    it("names namespaces and links with the cleanup prefix, within the kernel's 15 characters", () => {
        const l = hostLink(RUN_OCTETS.last, MAX_HOSTS_PER_RUN - 1);
        expect(l.netns).toBe("cth250n63");
        expect(l.linkOuter).toBe("cth250u63");
        expect(l.linkOuter.length).toBeLessThanOrEqual(15);
    });

    it("refuses octets outside the usable link-local range and too many hosts", () => {
        expect(() => runSubnet(0)).toThrow(/outside 16..250/);
        expect(() => runSubnet(255)).toThrow(/outside/);
        expect(() => hostLink(42, MAX_HOSTS_PER_RUN)).toThrow(/at most 64 hosts/);
        expect(() => hostLink(42, -1)).toThrow(/outside/);
    });

    it(
        "puts real hosts on the run's private LAN /24 (runner .1, host i " +
            "at .10+i) on a bridge cleanup.sh recognises",
        () => {
            const seen = new Set<string>();
            for (let i = 0; i < MAX_HOSTS_PER_RUN; i++) {
                const l = lanLink(42, i);
                expect(ipaddr.IPv4.parse(l.inner).range()).toBe("private");
                expect(l.inner).toBe(`172.31.42.${10 + i}`);
                expect(seen.has(l.inner)).toBe(false);
                seen.add(l.inner);
                expect(l).toMatchObject({
                    outer: "172.31.42.1",
                    prefixLength: 24,
                    bridge: "cth42ulan",
                    netns: `cth42n${i}`,
                });
            }
            // cleanup.sh reads a link's octet as the digits before its first n or u.
            expect(/^cth(\d+)[nu]/.exec(lanLink(RUN_OCTETS.last, 0).bridge)?.[1]).toBe(String(RUN_OCTETS.last));
        },
    );
});
