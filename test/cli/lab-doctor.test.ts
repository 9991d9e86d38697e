import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { labDoctor, topologySvg, writeTopology } from "../../scripts/lab-doctor";
import type { LabPaths } from "../../scripts/lab-stack";
import { svgTexts } from "./svg-texts";

const root = join(__dirname, "..", "..");

/** Lab paths of a stack whose .lab/ is a fresh temporary directory (the project's own .lab/ is left alone). */
function paths(stack: string, stackFile: string): LabPaths {
    const tmp = mkdtempSync(join(tmpdir(), "continuum-lab-doctor-"));
    return {
        root: tmp,
        stack,
        configFile: join(root, "stacks", stackFile),
        runConfig: join(tmp, ".lab", "config", `Pulumi.${stack}.yaml`),
        stateDir: join(tmp, ".lab", stack),
        kubeconfig: join(tmp, ".lab", "kubeconfig"),
        backend: join(tmp, ".pulumi"),
    };
}

describe("the lab's doctor and topology", () => {
    it("draws .lab/topology.svg for the lab stack and .lab/<stack>.topology.svg for others", async () => {
        const p = paths("lab", "Pulumi.lab.yaml");
        expect(topologySvg(p)).toBe(join(p.root, ".lab", "topology.svg"));
        expect(topologySvg(paths("big", "Pulumi.lab.yaml"))).toMatch(/\.lab\/big\.topology\.svg$/);
        const file = await writeTopology(p);
        expect(file).toBe(topologySvg(p));
        const texts = svgTexts(readFileSync(file, "utf8"));
        for (const name of ["cloud", "edge-a", "edge-b", "ke-gateway-1"]) expect(texts).toContain(name);
    });

    it("stops with doctor's report when the machine lacks something the stack needs", async () => {
        // A temporary root has no package.json or tools/: only the checks that need no project files run,
        // and a stack file that is not there is refused with the file named.
        const p = { ...paths("lab", "Pulumi.lab.yaml"), configFile: join(root, "stacks", "Pulumi.nope.yaml") };
        await expect(labDoctor(p)).rejects.toThrow(
            /not ready for the lab \(continuum doctor\):\n.*Pulumi\.nope\.yaml: cannot read the file \(ENOENT\)/,
        );
        expect(existsSync(topologySvg(p))).toBe(false);
    });
});
