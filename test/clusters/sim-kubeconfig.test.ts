import { parse } from "yaml";
import { kwokKubeconfig } from "./sim-fixtures";
import { kubeconfigServer, mergeKubeconfigs, renameKubeconfig } from "../../components/clusters/sim/kubeconfig";

describe("renameKubeconfig", () => {
    it("names the cluster, user and context after the spec's cluster and keeps the credentials", () => {
        const kc = parse(renameKubeconfig(kwokKubeconfig("cloud", 20001), "cloud"));
        expect(kc["current-context"]).toBe("cloud");
        expect(kc.contexts).toEqual([{ name: "cloud", context: { cluster: "cloud", user: "cloud" } }]);
        expect(kc.clusters[0]).toEqual({
            name: "cloud",
            cluster: { "certificate-authority-data": "Q0E=", server: "https://127.0.0.1:20001" },
        });
        expect(kc.users[0].user["client-key-data"]).toBe("S0VZ");
    });
    it("drops the contexts that are not current", () => {
        const two = kwokKubeconfig("a", 1).replace(
            "contexts:\n",
            "contexts:\n- context:\n    cluster: kwok-a\n  name: other\n",
        );
        expect(parse(renameKubeconfig(two, "a")).contexts).toHaveLength(1);
    });
    it("says what is wrong with a kubeconfig without a usable context", () => {
        expect(() => renameKubeconfig("apiVersion: v1\nkind: Config\n", "x")).toThrow(
            /kubeconfig of 'x': no current context/,
        );
        expect(() => renameKubeconfig("", "x")).toThrow(/not a kubeconfig/);
        const dangling = kwokKubeconfig("a", 1).replace("    cluster: kwok-a\n", "    cluster: nowhere\n");
        expect(() => renameKubeconfig(dangling, "a")).toThrow(/names cluster 'nowhere'/);
    });
});

describe("mergeKubeconfigs", () => {
    it("keeps one context per cluster, the first current", () => {
        const merged = parse(
            mergeKubeconfigs([
                { name: "cloud", kubeconfig: kwokKubeconfig("cloud", 20001) },
                { name: "edge-a", kubeconfig: kwokKubeconfig("edge-a", 20002) },
            ]),
        );
        expect(merged.contexts.map((c: { name: string }) => c.name)).toEqual(["cloud", "edge-a"]);
        expect(merged.clusters.map((c: { cluster: { server: string } }) => c.cluster.server)).toEqual([
            "https://127.0.0.1:20001",
            "https://127.0.0.1:20002",
        ]);
        expect(merged["current-context"]).toBe("cloud");
    });
    it("refuses two clusters of one name", () => {
        expect(() =>
            mergeKubeconfigs([
                { name: "a", kubeconfig: kwokKubeconfig("a", 1) },
                { name: "a", kubeconfig: kwokKubeconfig("a", 2) },
            ]),
        ).toThrow(/two clusters are named 'a'/);
    });
});

describe("kubeconfigServer", () => {
    it("reads the current context's server", () => {
        expect(kubeconfigServer(renameKubeconfig(kwokKubeconfig("e", 20005), "e"))).toBe("https://127.0.0.1:20005");
    });
});
