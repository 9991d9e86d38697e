import {
    composeStdin,
    paramName,
    parseFacts,
    parseParams,
    PARAMS_MARKER,
    renderParams,
} from "../../components/hosts/params";
import { remoteDir, runScriptCommand } from "../../components/hosts/remote-commands";
import { rewriteKubeconfig } from "../../components/hosts/kubeconfig";
import { planSshCluster, urlHost } from "../../components/clusters/ssh/ssh-topology";
import { labelList, taintList } from "../../components/hosts/node-lists";
import { NODE_KUBECONFIG, sshSpec } from "./ssh-fixtures";

describe("params", () => {
    test("render → parse round trip, sorted, multi-line as base64", () => {
        const text = renderParams({ B: "two\nlines", A: "x=y" });
        expect(text).toBe(`${PARAMS_MARKER}\nA=x=y\nB:b64=${Buffer.from("two\nlines").toString("base64")}\n`);
        expect(parseParams(text)).toEqual({ A: "x=y", B: "two\nlines" });
    });
    test("bad names and non-strings are refused", () => {
        expect(() => renderParams({ "bad-name": "x" })).toThrow(/script parameter 'bad-name' is not a valid name/);
        expect(() => renderParams({ X: undefined as unknown as string })).toThrow(
            /script parameter 'X' must be a string/,
        );
    });
    test("sudo password line first; a password with a newline is refused", () => {
        expect(composeStdin("ENV\n", "pw")).toBe("pw\nENV\n");
        expect(() => composeStdin("ENV\n", "p\nw")).toThrow(/contains a line break/);
    });
    test("artifact names become parameter names", () => {
        expect(paramName("cniPlugins")).toBe("CNI_PLUGINS");
        expect(paramName("k3s")).toBe("K3S");
    });
    test("facts", () => {
        expect(parseFacts("a=1\nnoise\nb = x=y\n")).toEqual({ a: "1", b: "x=y" });
    });
});

describe("remote commands", () => {
    test("only fixed text and a checked path", () => {
        expect(runScriptCommand("nopasswd", ".continuum/run/x/s.sh")).toBe("sudo -n -- bash .continuum/run/x/s.sh");
        expect(runScriptCommand("none", "a/b.sh")).toBe("bash a/b.sh");
        expect(runScriptCommand("nopasswd", "a/b.sh", 600)).toBe("sudo -n -- timeout --kill-after=15 600 bash a/b.sh");
        expect(runScriptCommand("password", "a/b.sh", 60)).toBe(
            "sudo -k -S -p '' -- timeout --kill-after=15 60 bash a/b.sh",
        );
        expect(() => runScriptCommand("nopasswd", "a/b.sh", 1.5)).toThrow(
            /timeout 1.5 for a\/b.sh is not a whole number of seconds/,
        );
        expect(() => runScriptCommand("nopasswd", "a b.sh")).toThrow(
            /has characters continuum does not put in a command/,
        );
        expect(() => runScriptCommand("nopasswd", "../x.sh")).toThrow(/has characters/);
        expect(() => runScriptCommand("doas", "x.sh")).toThrow(
            /sudo mode 'doas' is not known — use one of: nopasswd, password, none/,
        );
        expect(remoteDir("Edge A/1")).toMatch(/^\.continuum\/run\/edge-a-1-[0-9a-f]{8}$/);
    });
    test("step names that read the same still get distinct directories", () => {
        expect(remoteDir("a b").replace(/-[0-9a-f]{8}$/, "")).toBe(remoteDir("a-b").replace(/-[0-9a-f]{8}$/, ""));
        expect(remoteDir("a b")).not.toBe(remoteDir("a-b"));
    });
});

describe("ssh topology", () => {
    const cluster = sshSpec("k3s").clusters[0];
    test("plan: first server, endpoint, SANs", () => {
        const p = planSshCluster(cluster, { control: "server", worker: "agent" });
        expect(p.first.name).toBe("edge-a-s1");
        expect(p.workers.map((n) => n.name)).toEqual(["edge-a-a1", "edge-a-a2"]);
        expect(p.apiEndpoint).toBe("https://api.edge-a.example.net:6443");
        expect(p.firstUrl).toBe("https://10.0.0.11:6443");
        expect(p.tlsSans).toEqual([
            "api.edge-a.example.net",
            "10.0.0.11",
            "10.0.0.12",
            "10.0.0.13",
            "edge-a-s1",
            "edge-a-s2",
            "edge-a-s3",
            "10.0.0.100",
        ]);
    });
    test("a cluster without a control node or a host is refused", () => {
        expect(() =>
            planSshCluster(
                { ...cluster, nodes: cluster.nodes.filter((n) => n.roles.includes("agent")) },
                { control: "server", worker: "agent" },
            ),
        ).toThrow(/cluster 'edge-a' has no server node/);
        expect(() =>
            planSshCluster(
                { ...cluster, nodes: [{ ...cluster.nodes[0], host: undefined }] },
                { control: "server", worker: "agent" },
            ),
        ).toThrow(/node 'edge-a-s1' of cluster 'edge-a' has no host/);
    });
    test("lists and IPv6", () => {
        expect(labelList({ b: "2", a: "1" })).toBe("a=1,b=2");
        expect(
            taintList([
                { key: "z", effect: "NoSchedule" },
                { key: "a", value: "v", effect: "NoExecute" },
            ]),
        ).toBe("a=v:NoExecute,z:NoSchedule");
        expect(urlHost("fd00::1")).toBe("[fd00::1]");
        expect(urlHost("host.example")).toBe("host.example");
    });
});

describe("kubeconfig rewrite", () => {
    test("one context named after the cluster, server at the API endpoint, credentials kept", () => {
        const out = rewriteKubeconfig(NODE_KUBECONFIG, "edge-a", "https://api.example:6443");
        expect(out).toContain("server: https://api.example:6443");
        expect(out).toContain("current-context: edge-a");
        expect(out).toContain("client-key-data: S0VZREFUQQ==");
        expect(out).not.toContain("127.0.0.1");
    });
    test("garbage is refused with the place to look", () => {
        expect(() => rewriteKubeconfig("foo: [", "c", "https://x")).toThrow(
            /cluster 'c': the control plane printed no valid kubeconfig/,
        );
        expect(() => rewriteKubeconfig("a: 1", "c", "https://x")).toThrow(/no usable current context/);
    });
});
