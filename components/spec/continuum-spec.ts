import { z } from "zod";
import { clusterSchema } from "./cluster";
import { kubeEdgeSchema } from "./kubeedge";
import { sshSchema } from "./node";
import { airgapImagesSchema, artifactPinsSchema } from "./artifacts";
import { localPath } from "./address";
import { meshCaRotationSchema } from "./day2";

/** Airgap: where artifacts and chart archives come from instead of the internet. */
export const airgapSchema = z.strictObject({
    /** Directory (on the machine running Pulumi) holding pinned artifacts by file name. */
    artifactDir: localPath.optional(),
    /** Chart archives (.tgz) or chart directories replacing the chart repos. @default {} */
    charts: z
        .strictObject({
            cilium: localPath.optional(),
            akri: localPath.optional(),
            cloudcore: localPath.optional(),
            edgemesh: localPath.optional(),
            kataDeploy: localPath.optional(),
        })
        .default({}),
    /** Image archives imported into containerd before init/join (see spec/artifacts.ts). */
    images: airgapImagesSchema.optional(),
});
export type AirgapSpec = z.infer<typeof airgapSchema>;

/** Version overrides; anything unset comes from the pinned version table. */
export const versionOverridesSchema = z.strictObject({
    kubernetes: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, { error: "must be x.y.z like 1.36.3" })
        .optional(),
    k3s: z
        .string()
        .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, { error: "must be a K3s release like v1.36.3+k3s1" })
        .optional(),
    kubeedge: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/)
        .optional(),
    cilium: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/)
        .optional(),
    akri: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/)
        .optional(),
});
export type VersionOverrides = z.infer<typeof versionOverridesSchema>;

/** ClusterMesh settings shared by every member. */
export const meshSchema = z.strictObject({
    /** Identical on every member. @default 255 */
    maxConnectedClusters: z.union([z.literal(255), z.literal(511)]).default(255),
    /** Rotation of the mesh CA in two phases (spec/day2.ts). */
    caRotation: meshCaRotationSchema.optional(),
});

/** Sample workloads (one per runtime) the lab deploys to show scheduling by RuntimeClass. */
export const samplesSchema = z.strictObject({
    /** @default false */
    enabled: z.boolean().default(false),
});

/** The whole continuum: the value of the `continuum:spec` config key. */
export const continuumSpecSchema = z.strictObject({
    /** SSH defaults for the ssh substrate. */
    ssh: sshSchema.default({
        user: "continuum",
        port: 22,
        insecureIgnoreHostKey: false,
        sudo: { mode: "nopasswd" },
        timeoutSeconds: 600,
    }),
    /** Clusters. */
    clusters: z.array(clusterSchema).min(1, { error: "needs at least one cluster — add an entry under clusters:" }),
    /** ClusterMesh settings. */
    mesh: meshSchema.default({ maxConnectedClusters: 255 }),
    /** KubeEdge. */
    kubeedge: kubeEdgeSchema.optional(),
    /** Version overrides. @default {} */
    versions: versionOverridesSchema.default({}),
    /** Stack-level pins of host artifacts, per arch (spec/artifacts.ts). @default {} */
    artifacts: artifactPinsSchema.default({}),
    /** Airgap sources. @default {} */
    airgap: airgapSchema.default({ charts: {} }),
    /** Sample workloads. @default { enabled: false } */
    samples: samplesSchema.default({ enabled: false }),
});
export type ContinuumSpec = z.infer<typeof continuumSpecSchema>;
