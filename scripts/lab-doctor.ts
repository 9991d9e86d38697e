// What the lab does around `pulumi up` with the CLI's commands: `continuum doctor` first (stop early
// with its report instead of failing deep inside a build), the topology drawing last.
import * as fs from "node:fs";
import * as path from "node:path";
import { diagramOfStack } from "../components/cli/diagram";
import { doctorCommand } from "../components/cli/doctor";
import { realProbes } from "../components/cli/doctor-probes";
import { clustersOnDisk } from "./lab-clusters";
import type { LabPaths } from "./lab-stack";

/** `continuum doctor` for the lab's stack file; the sim clusters the lab already has keep their ports. Throws its
 * report when something is missing. */
export async function labDoctor(p: LabPaths): Promise<void> {
    const out = await doctorCommand([p.configFile, "--stack", p.stack], p.root, realProbes, clustersOnDisk(p));
    if (out.code === 0) return;
    throw new Error(`this machine is not ready for the lab (continuum doctor):\n${out.stderr.trimEnd()}`);
}

/** Where the lab draws its topology: .lab/topology.svg for the `lab` stack, .lab/<stack>.topology.svg for others. */
export const topologySvg = (p: LabPaths): string =>
    path.join(p.root, ".lab", p.stack === "lab" ? "topology.svg" : `${p.stack}.topology.svg`);

/** Draw the stack's continuum as SVG (`continuum diagram`) and return the file's path. */
export async function writeTopology(p: LabPaths): Promise<string> {
    const drawn = await diagramOfStack(p.configFile, "svg");
    if (!drawn.ok) throw new Error(drawn.stderr.trimEnd());
    const file = topologySvg(p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, drawn.text);
    return file;
}
