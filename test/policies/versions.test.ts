import {
    containerImagePinned,
    helmReleaseVersionPinned,
    hostArtifactVersionPinned,
    imageRef,
    isExactVersion,
    unverifiedArtifacts,
} from "../../policies/versions";
import { previewValue, runResourcePolicy, unknownString } from "./harness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SHA = "a".repeat(64);

describe("helm-release-version-pinned", () => {
    it("accepts the toolkit's pinned charts", async () => {
        for (const props of [
            { chart: "cilium", version: "1.18.4", repositoryOpts: { repo: "https://helm.cilium.io" } },
            { chart: "oci://ghcr.io/kata-containers/kata-deploy-charts/kata-deploy", version: "3.20.0" },
            {
                chart: "cloudcore",
                version: "v1.22.1",
                repositoryOpts: { repo: "https://kubeedge.github.io/kubeedge-charts" },
            },
        ]) {
            expect(await runResourcePolicy(helmReleaseVersionPinned, { type: RELEASE, props })).toEqual([]);
        }
    });

    it("refuses a release with no version, naming the chart", async () => {
        const v = await runResourcePolicy(helmReleaseVersionPinned, {
            type: RELEASE,
            name: "akri",
            props: { chart: "akri", repositoryOpts: { repo: "https://project-akri.github.io/akri" } },
        });
        expect(v).toEqual([
            "chart 'akri' of 'akri' pins no version: set `version` to an " +
                "exact chart version (e.g. from components/version-table.ts).",
        ]);
    });

    it.each(["latest", "^1.18.0", "~1.18", "1.18.x", ">=1.18.0", "1.18", "*", "stable"])(
        "refuses version '%s'",
        async (version) => {
            const v = await runResourcePolicy(helmReleaseVersionPinned, {
                type: RELEASE,
                props: { chart: "cilium", version, repositoryOpts: { repo: "https://helm.cilium.io" } },
            });
            expect(v).toEqual([expect.stringContaining(`has version '${version}', which floats`)]);
        },
    );

    it("checks helm.v4.Chart as well", async () => {
        expect(
            await runResourcePolicy(helmReleaseVersionPinned, {
                type: "kubernetes:helm.sh/v4:Chart",
                props: { chart: "oci://r/akri" },
            }),
        ).toHaveLength(1);
    });

    it("accepts a local chart directory unless the config says otherwise", async () => {
        const props = { chart: "/srv/airgap/charts/cilium" };
        expect(await runResourcePolicy(helmReleaseVersionPinned, { type: RELEASE, props })).toEqual([]);
        expect(
            await runResourcePolicy(helmReleaseVersionPinned, { type: RELEASE, props }, { allowLocalCharts: false }),
        ).toHaveLength(1);
    });

    it("accepts a packaged chart URL that names its version", async () => {
        expect(
            await runResourcePolicy(helmReleaseVersionPinned, {
                type: RELEASE,
                props: { chart: "https://charts.example/cilium-1.18.4.tgz" },
            }),
        ).toEqual([]);
    });

    it("leaves a version not known at preview alone", async () => {
        expect(
            await runResourcePolicy(helmReleaseVersionPinned, {
                type: RELEASE,
                props: previewValue({ chart: "cilium", version: unknownString }),
            }),
        ).toEqual([]);
    });

    it("knows exact versions from ranges", () => {
        expect(["1.2.3", "v1.2.3", "1.2.3-rc.1", "1.2.3+k3s1"].every(isExactVersion)).toBe(true);
        expect(["1.2", "1.2.3 - 1.3.0", "1.2.3 || 1.2.4", "latest"].some(isExactVersion)).toBe(false);
    });
});

describe("host-artifact-version-pinned", () => {
    const run = (props: Record<string, unknown>) =>
        runResourcePolicy(hostArtifactVersionPinned, { type: "command:remote:Command", name: "n1-k3s-run", props });

    it("accepts a host script handed a pinned artifact with its checksum", async () => {
        const stdin =
            "# continuum-params v1\nARTIFACT_K3S=k3s-v1.36.3+k3s1-amd64\n" +
            `ARTIFACT_K3S_SHA256=${SHA}\nK3S_ROLE=server\n`;
        expect(await run({ create: "sudo -n -- bash .continuum/run/x/k3s.sh", stdin })).toEqual([]);
    });

    it("refuses an artifact without a valid checksum", async () => {
        const stdin =
            "# continuum-params v1\nARTIFACT_CRUN=crun-1.23-linux-amd64\n" +
            "ARTIFACT_KATA=kata.tar.zst\nARTIFACT_KATA_SHA256=deadbeef\n";
        const v = await run({ create: "bash x.sh", stdin });
        expect(v).toHaveLength(2);
        expect(v[0]).toContain("artifact ARTIFACT_CRUN without a ARTIFACT_CRUN_SHA256 or ARTIFACT_CRUN_SHA512 digest");
        expect(v[0]).toContain("pin it in the stack: artifacts.<name>.<arch>.sha256 or .sha512");
        expect(v[1]).toContain("ARTIFACT_KATA");
    });

    it("accepts a sha512 (what KubeEdge publishes) and says where each artifact is pinned", async () => {
        const sha512 = "e".repeat(128);
        const ok =
            "# continuum-params v1\nARTIFACT_KEADM=keadm.tgz\nARTIFACT_KEADM_SHA512=" +
            sha512 +
            "\nARTIFACT_KEADM_ORIGIN=stack: artifacts.keadm.arm64\n";
        expect(await run({ create: "bash keadm-join.sh", stdin: ok })).toEqual([]);
        const short =
            `${ok}ARTIFACT_CONTAINERD=containerd.tgz\nARTIFACT_CONTAINERD_SHA512=${SHA}\n` +
            "ARTIFACT_CONTAINERD_ORIGIN=table: " +
            `containerd 2.2.1\n`;
        const v = await run({ create: "bash keadm-join.sh", stdin: short });
        expect(v).toEqual([
            expect.stringContaining(
                "artifact ARTIFACT_CONTAINERD without a ARTIFACT_CONTAINERD_SHA256 " +
                    "or ARTIFACT_CONTAINERD_SHA512 digest",
            ),
        ]);
        expect(v[0]).toContain(
            "where each is pinned: KEADM (stack: artifacts.keadm.arm64, " +
                "sha512), CONTAINERD (table: containerd 2.2.1, sha512)",
        );
    });

    it.each([
        ["the k3s installer without a version", "curl -sfL https://get.k3s.io | sh -"],
        ["a release channel", "curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=stable sh -"],
        ["releases/latest", "wget https://github.com/containers/crun/releases/latest/download/crun-linux-amd64"],
        ["stable.txt", "curl -L https://dl.k8s.io/release/stable.txt"],
    ])("refuses %s", async (_what, create) => {
        expect(await run({ create })).toEqual([expect.stringContaining("fetches a floating artifact")]);
    });

    it("scans stdin and environment, not only the command line", async () => {
        expect(await run({ create: "bash -s", stdin: "curl https://x/releases/latest/download/y | sh" })).toHaveLength(
            1,
        );
        expect(await run({ create: "bash -s", environment: { URL: "https://x/releases/latest/y" } })).toEqual([
            expect.stringContaining("environment.URL"),
        ]);
    });

    it("parses the env file the host scripts read", () => {
        expect(
            unverifiedArtifacts(`ARTIFACT_A=a\nARTIFACT_A_SHA256=${SHA}\nARTIFACT_B:b64=Yg==\nOTHER=1`, "ARTIFACT_"),
        ).toEqual(["ARTIFACT_B"]);
    });
});

describe("container-image-pinned", () => {
    const deployment = (image: string) => ({
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        props: { metadata: { name: "web" }, spec: { template: { spec: { containers: [{ name: "app", image }] } } } },
    });

    it.each(["nginx:1.27.2", "registry.local:5000/team/app:v3", "busybox@sha256:" + "b".repeat(64)])(
        "accepts %s",
        async (image) => {
            expect(await runResourcePolicy(containerImagePinned, deployment(image))).toEqual([]);
        },
    );

    it.each([
        ["nginx", "with no tag"],
        ["registry.local:5000/team/app", "with no tag"],
        ["nginx:latest", "'latest' moves"],
    ])("flags %s (%s)", async (image, why) => {
        expect(await runResourcePolicy(containerImagePinned, deployment(image))).toEqual([
            expect.stringContaining(why),
        ]);
    });

    it("checks init containers, CronJobs and configured floating tags", async () => {
        const cron = {
            type: "kubernetes:batch/v1:CronJob",
            props: {
                spec: {
                    jobTemplate: {
                        spec: {
                            template: {
                                spec: {
                                    initContainers: [{ name: "i", image: "alpine:edge" }],
                                    containers: [{ name: "c", image: "alpine:3.20" }],
                                },
                            },
                        },
                    },
                },
            },
        };
        expect(await runResourcePolicy(containerImagePinned, cron)).toEqual([]);
        expect(await runResourcePolicy(containerImagePinned, cron, { floatingTags: ["latest", "edge"] })).toEqual([
            expect.stringContaining("initContainers[0] (i)"),
        ]);
    });

    it("splits references without mistaking a registry port for a tag", () => {
        expect(imageRef("host:5000/a/b")).toEqual({ tag: undefined, digest: undefined });
        expect(imageRef("host:5000/a/b:1@sha256:x")).toEqual({ tag: "1", digest: "sha256:x" });
    });
});
