/**
 * kubeadm-install.sh and kubeadm-prepare-join.sh run for real with bash on a sandboxed host
 * (host-sandbox.ts) against the kubeadm STAND-IN (standins/kubeadm-standin.sh), which prints
 * what the real kubeadm v1.35 prints — the join command with the token, the certificate key —
 * unless told not to:
 * - no token and no certificate key reach the scripts' output (the Pulumi log) or kubeadm's argv;
 * - an init or join that fails after kubelet.conf was written is undone at once (kubeadm reset,
 *   CNI config, iptables rules, etcd data, ~/.kube) and the next run retries it;
 * - a run killed in the middle of kubeadm is undone and retried by the next run;
 * - a finished node is not initialised or joined again, one installed before the completion
 *   marker existed included.
 */
import { KUBEADM_SECRETS, KubeadmSandbox } from "./kubeadm-sandbox";

const boxes: KubeadmSandbox[] = [];
function host(): KubeadmSandbox {
    const b = new KubeadmSandbox();
    boxes.push(b);
    return b;
}
afterAll(() => boxes.forEach((b) => b.remove()));

function expectNoSecret(text: string): void {
    expect(text).not.toContain(KUBEADM_SECRETS.token);
    expect(text).not.toContain(KUBEADM_SECRETS.token.split(".")[1]);
    expect(text).not.toContain(KUBEADM_SECRETS.certificateKey);
}

const kubeadmCalls = (b: KubeadmSandbox) => b.calls().filter((c) => c.startsWith("kubeadm "));

describe("secrets stay out of the output and argv", () => {
    test.each([
        ["init, HA (upload-certs)", "init", true, true],
        ["init, one control plane", "init", true, false],
        ["join of a control plane", "join", true, false],
        ["join of a worker", "join", false, false],
    ] as const)("kubeadm-install.sh, %s", (_what, action, control, ha) => {
        const b = host();
        const r = b.run("kubeadm-install.sh", b.installInput(action, { control, ha }));
        expect(r.err).not.toMatch(/kubeadm-standin: .* is not emulated/);
        expect(r.code).toBe(0);
        expect(r.out).toContain("is up");
        expectNoSecret(r.out + r.err);
        expectNoSecret(b.calls().join("\n"));
        if (action === "init") {
            expect(kubeadmCalls(b)).toEqual([
                expect.stringMatching(/^kubeadm init --config \S+ --skip-token-print --skip-certificate-key-print/),
            ]);
            if (ha) expect(kubeadmCalls(b)[0]).toContain("--upload-certs");
        }
        // The configuration (token, certificate key) does not stay on the host.
        expect(b.exists("/etc/kubernetes/continuum-kubeadm.yaml")).toBe(false);
    });

    test.each([
        ["a control-plane joiner", true],
        ["a worker", false],
    ] as const)(
        "kubeadm-prepare-join.sh for %s: token and key in a file, never in argv or output",
        (_what, control) => {
            const b = host();
            expect(b.run("kubeadm-install.sh", b.installInput("init", { control: true, ha: true })).code).toBe(0);
            b.resetCalls();
            const r = b.run("kubeadm-prepare-join.sh", b.prepareInput(control));
            expect(r.code).toBe(0);
            expect(r.out).toBe("join prepared\n");
            expectNoSecret(r.out + r.err);
            expectNoSecret(b.calls().join("\n"));
            const calls = kubeadmCalls(b);
            expect(calls).toContainEqual(
                expect.stringMatching(/^kubeadm token create --config \S+ --kubeconfig \/etc\/kubernetes\/admin.conf$/),
            );
            if (control)
                expect(calls).toContainEqual(
                    expect.stringMatching(
                        /^kubeadm init phase upload-certs --upload-certs --skip-certificate-key-print --config \S+/,
                    ),
                );
            else expect(calls.join("\n")).not.toContain("upload-certs");
            // The token was created from the file (the stand-in read it there) and the file is gone.
            expect(b.stateFile("tokens")).toBe(`${KUBEADM_SECRETS.token}\n`);
            expect(b.exists("/etc/kubernetes/continuum-prepare-join.yaml")).toBe(false);
            // Again: the token exists, nothing is created twice.
            b.resetCalls();
            expect(b.run("kubeadm-prepare-join.sh", b.prepareInput(control)).code).toBe(0);
            expect(kubeadmCalls(b).filter((c) => c.includes("token create"))).toEqual([]);
        },
    );
});

describe("a failed or killed kubeadm is undone and retried", () => {
    /** What a half-built node has beside kubeadm's own files: a CNI config, a user's kubeconfig. */
    const leftovers =
        "mkdir -p /etc/cni/net.d /root/.kube && echo '{}' >/etc/cni/net.d/05-cilium.conflist " +
        "&& echo x >/root/.kube/config";

    test("init that fails after writing kubelet.conf: undone at once, retried by the next run, then left alone", () => {
        const b = host();
        b.set("kubeadm-fail", "");
        b.inspect(leftovers);
        const failed = b.run("kubeadm-install.sh", b.installInput("init", { control: true, ha: true }));
        expect(failed.code).toBe(1);
        expect(failed.err).toMatch(
            new RegExp(
                /kubeadm init failed on cp1; the attempt /.source +
                    /was undone \(kubeadm reset\) — .*run pulumi up again: it retries/.source,
            ),
        );
        expect(kubeadmCalls(b)).toEqual([
            expect.stringMatching(/^kubeadm init /),
            "kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock",
        ]);
        for (const p of [
            "/etc/kubernetes/kubelet.conf",
            "/etc/kubernetes/admin.conf",
            "/etc/kubernetes/manifests",
            "/var/lib/etcd",
            "/etc/cni/net.d/05-cilium.conflist",
            "/root/.kube",
            "/etc/kubernetes/continuum-kubeadm.yaml",
            "/etc/kubernetes/continuum-kubeadm.done",
        ]) {
            expect([p, b.exists(p)]).toEqual([p, false]);
        }
        expect(b.stateFile("iptables-restore.in")).not.toMatch(/KUBE-/);

        b.set("kubeadm-fail", undefined);
        b.resetCalls();
        const retried = b.run("kubeadm-install.sh", b.installInput("init", { control: true, ha: true }));
        expect(retried.code).toBe(0);
        expect(kubeadmCalls(b)).toEqual([expect.stringMatching(/^kubeadm init /)]);
        expect(b.exists("/etc/kubernetes/continuum-kubeadm.done")).toBe(true);

        b.resetCalls();
        expect(b.run("kubeadm-install.sh", b.installInput("init", { control: true, ha: true })).code).toBe(0);
        expect(kubeadmCalls(b)).toEqual([]);
    });

    test("a run killed in the middle of kubeadm join: the next run undoes the attempt and joins", async () => {
        const b = host();
        b.set("kubeadm-hang", "");
        const run = b.start("kubeadm-install.sh", b.installInput("join", { control: true }));
        let err = "";
        run.stderr?.on("data", (d: Buffer) => (err += d.toString()));
        const deadline = Date.now() + 60_000;
        while (!b.exists("/etc/kubernetes/kubelet.conf")) {
            if (Date.now() > deadline) throw new Error(`the stand-in kubeadm never wrote kubelet.conf: ${err}`);
            await new Promise((r) => setTimeout(r, 200));
        }
        const exited = new Promise((r) => run.on("exit", r));
        process.kill(-(run.pid as number), "SIGKILL");
        await exited;
        expect(b.exists("/etc/kubernetes/continuum-kubeadm.done")).toBe(false);

        b.set("kubeadm-hang", undefined);
        b.resetCalls();
        const next = b.run("kubeadm-install.sh", b.installInput("join", { control: true }));
        expect(next.code).toBe(0);
        expect(next.err).toContain("undoing the unfinished kubeadm join on cp1");
        expect(kubeadmCalls(b)).toEqual([
            "kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock",
            expect.stringMatching(/^kubeadm join --config /),
        ]);
        expect(b.exists("/etc/kubernetes/continuum-kubeadm.done")).toBe(true);
    }, 120_000);

    test("a node continuum finished before the marker existed is adopted, not reset", () => {
        const b = host();
        b.inspect(
            "mkdir -p /etc/kubernetes /etc/continuum && echo x >/etc/kubernetes/kubelet.conf " +
                "&& echo kubeadm-worker >/etc/continuum/installed",
        );
        b.set("units/active-kubelet", "");
        const r = b.run("kubeadm-install.sh", b.installInput("join", { control: false }));
        expect(r.code).toBe(0);
        expect(kubeadmCalls(b)).toEqual([]);
        expect(b.exists("/etc/kubernetes/kubelet.conf")).toBe(true);
        expect(b.exists("/etc/kubernetes/continuum-kubeadm.done")).toBe(true);
    });
});
