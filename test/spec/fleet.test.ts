/** `fleet:` in the spec: where it applies (K3s over SSH, KubeEdge) and what it refuses, naming the YAML path. */
import { parseSpec } from "../../components/spec/parse";
import { rawSshSpec } from "../hosts-unit/ssh-fixtures";

describe("fleet.pools", () => {
    test("a K3s cluster over SSH takes it, with parallel defaulted", () => {
        const raw = rawSshSpec("k3s");
        raw.clusters[0].fleet = { pools: 4 };
        const r = parseSpec(raw);
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        expect(r.spec.clusters[0].fleet).toEqual({ pools: 4, parallel: 10 });
    });

    test("a kubeadm cluster refuses it, naming clusters[0].fleet", () => {
        const raw = rawSshSpec("kubeadm");
        raw.clusters[0].fleet = { pools: 4 };
        const r = parseSpec(raw);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        const issue = r.issues.find((i) => i.path.join(".") === "clusters.0.fleet");
        expect(issue?.message).toContain("converge pools are for K3s agents over SSH");
    });

    test("pools must be a whole number ≥ 1", () => {
        const raw = rawSshSpec("k3s");
        raw.clusters[0].fleet = { pools: 0 };
        const r = parseSpec(raw);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.issues.map((i) => i.path.join("."))).toContain("clusters.0.fleet.pools");
    });

    test("KubeEdge over SSH takes it; with a sim cloud cluster it is refused, naming kubeedge.fleet", () => {
        const raw = rawSshSpec("kubeadm");
        raw.kubeedge = { cloudCluster: raw.clusters[0].name, fleet: { pools: 3 } };
        const r = parseSpec(raw);
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        expect(r.spec.kubeedge?.fleet).toEqual({ pools: 3, parallel: 10 });
        raw.clusters[0].substrate = "sim";
        const sim = parseSpec(raw);
        expect(sim.ok).toBe(false);
        if (!sim.ok) {
            const issue = sim.issues.find((i) => i.path.join(".") === "kubeedge.fleet");
            expect(issue?.message).toContain("are simulated: there are no converges to pool");
        }
    });
});
