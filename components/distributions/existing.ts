import type { DistributionDescriptor } from "./descriptor";
import { Distribution } from "./names";

/** A cluster the toolkit only connects to: whatever runs there, it installs nothing on hosts. */
export const EXISTING = {
    name: Distribution.Existing,
    title: "an existing cluster",
    controlLabels: {},
    controlTaints: [],
    // its labels are unknown: nothing is pinned to its control plane
    controlSelector: {},
} as const satisfies DistributionDescriptor;
