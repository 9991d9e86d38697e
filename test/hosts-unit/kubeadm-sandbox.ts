/**
 * A sandboxed host (host-sandbox.ts) with the kubeadm scripts and their artifacts as stand-ins
 * (kubeadm-standin.sh; a kubelet, kubectl and containerd archive that answer what the scripts
 * ask), and the scripts' parameters rendered by the production code (kubeadm-config.ts) with
 * known secret values, so a test can look for them in the output.
 */
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { renderParams } from "../../components/hosts/params";
import {
    renderInitConfig,
    renderJoinConfig,
    renderJoinPreparationConfig,
    type KubeadmClusterInput,
} from "../../components/clusters/kubeadm/kubeadm-config";
import { HostSandbox, standinScript } from "./host-sandbox";

/** The kubeadm scripts (another directory: an older version of them, to compare). */
const SCRIPTS = process.env.KUBEADM_SCRIPTS_DIR ?? path.join(__dirname, "../../components/clusters/kubeadm/scripts");

/** Known secret values: none may appear in any script's output or in a stand-in's argv. */
export const KUBEADM_SECRETS = {
    token: "s3cr3t.t0ken0f16chars00",
    certificateKey: "c3".repeat(32),
};

const CLUSTER: KubeadmClusterInput = {
    clusterName: "lab",
    kubernetesVersion: "v1.35.1",
    controlPlaneEndpoint: "10.0.0.10:6443",
    podSubnet: "10.244.0.0/16",
    serviceSubnet: "10.96.0.0/12",
    dnsDomain: "cluster.local",
    certSans: ["10.0.0.10"],
    kubeProxyReplacement: false,
};
const CA_HASH = `sha256:${"ab".repeat(32)}`;

export class KubeadmSandbox extends HostSandbox {
    private readonly artifacts: Record<string, string>;

    constructor() {
        super(
            ["kubeadm-install.sh", "kubeadm-uninstall.sh", "kubeadm-prepare-join.sh"].map((s) => path.join(SCRIPTS, s)),
        );
        const ok = standinScript("a containerd binary", "exit 0");
        this.artifacts = {
            ...this.tarArtifact("CONTAINERD", "containerd-standin.tar.gz", {
                "bin/containerd": ok,
                "bin/containerd-shim-runc-v2": ok,
                "bin/ctr": standinScript("ctr", 'echo "Client: Version: stand-in"'),
            }),
            ...this.tarArtifact("CNI_PLUGINS", "cni-plugins-standin.tgz", { bridge: ok, "host-local": ok }),
            ...this.artifact(
                "KUBEADM",
                "kubeadm-standin",
                readFileSync(path.join(__dirname, "standins/kubeadm-standin.sh")),
            ),
            ...this.artifact(
                "KUBELET",
                "kubelet-standin",
                standinScript("kubelet", 'if [[ "${1:-}" == --version ]]; then echo "Kubernetes v1.35.1"; fi'),
            ),
            ...this.artifact(
                "KUBECTL",
                "kubectl-standin",
                standinScript(
                    "kubectl (the API answers once kubeadm wrote admin.conf)",
                    "[[ -f /etc/kubernetes/admin.conf ]] && echo ok",
                ),
            ),
        };
    }

    /** kubeadm-install.sh's stdin for `init` on the first control plane or `join` of another node. */
    installInput(action: "init" | "join", opts: { control: boolean; ha?: boolean }): string {
        const node = { nodeName: opts.control ? "cp1" : "w1", host: opts.control ? "10.0.0.11" : "10.0.0.21" };
        const { token, certificateKey } = KUBEADM_SECRETS;
        const config =
            action === "init"
                ? renderInitConfig(CLUSTER, node, 6443, token, certificateKey)
                : renderJoinConfig(
                      node,
                      CLUSTER.controlPlaneEndpoint,
                      token,
                      CA_HASH,
                      opts.control ? { apiPort: 6443, certificateKey } : undefined,
                  );
        return renderParams({
            KUBEADM_ACTION: action,
            KUBERNETES_VERSION: CLUSTER.kubernetesVersion,
            CONTAINERD_CONFIG: "version = 3\n",
            REGISTRY_HOSTS_COUNT: "0",
            KUBEADM_CONFIG: config,
            KUBEADM_UPLOAD_CERTS: String(action === "init" && (opts.ha ?? false)),
            CONTROL_PLANE: String(opts.control),
            NODE_NAME: node.nodeName,
            WAIT_SECONDS: "10",
            ...this.artifacts,
        });
    }

    /** kubeadm-prepare-join.sh's stdin (on the first control plane) for a worker or control-plane joiner. */
    prepareInput(control: boolean): string {
        const { token, certificateKey } = KUBEADM_SECRETS;
        return renderParams({
            TOKEN_ID: token.split(".")[0],
            UPLOAD_CERTS: String(control),
            PREPARE_CONFIG: renderJoinPreparationConfig(
                CLUSTER.kubernetesVersion,
                token,
                control ? certificateKey : undefined,
            ),
        });
    }
}
