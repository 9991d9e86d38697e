// The Pulumi program: read the stack's continuum:spec, build the Continuum, export its outputs.
import { Continuum, specFromConfig } from "./components";

const continuum = new Continuum("continuum", { spec: specFromConfig() });

export const clusters = continuum.clusterOutputs;
export const topology = continuum.topology;
