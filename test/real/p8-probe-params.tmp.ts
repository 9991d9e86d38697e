import { writeFileSync } from "node:fs";
import { runtimeParams, joinParams } from "../../components/edge/edge-node-config";
const M = "# continuum-params v1";
const enc = (p: Record<string, string>) => [M, ...Object.entries(p).map(([k, v]) => `${k}:b64=${Buffer.from(v).toString("base64")}`)].join("\n") + "\n";
writeFileSync("/tmp/p8probe/push/runtime.env", enc({ ...runtimeParams("systemd", "10.88.0.0/16", { restrictOomScoreAdj: true, sandboxImage: "registry.k8s.io/pause:3.10.2" }), ARTIFACT_CONTAINERD: "/opt/p8probe/containerd.tar.gz", ARTIFACT_CNI_PLUGINS: "/opt/p8probe/cni.tgz" }));
writeFileSync("/tmp/p8probe/push/join.env", enc({ ...joinParams({ nodeName: "edge", endpoint: { cloudCoreIpPort: "172.31.21.1:10000", certPort: "10002", tunnelServer: "172.31.21.1:10004" }, kubeedgeVersion: "1.23.0", cgroupDriver: "systemd", labels: { "continuum.dev/tier": "edge" } }), ARTIFACT_KEADM: "/opt/p8probe/keadm.tar.gz", TOKEN: process.env.TOKEN ?? "" }));
