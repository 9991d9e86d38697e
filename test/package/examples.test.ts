// examples/: the YAML lab example declares exactly the default lab (stacks/Pulumi.lab.yaml's
// continuum:spec), and every YAML example names the package by its directory in this repository.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (f: string) => YAML.parse(fs.readFileSync(path.join(ROOT, f), "utf8")) as Record<string, any>;

it("examples/yaml/lab declares stacks/Pulumi.lab.yaml's continuum:spec, field for field", () => {
    const example = read("examples/yaml/lab/Pulumi.yaml");
    expect(example.resources.continuum.type).toBe("continuum:Continuum");
    expect(example.resources.continuum.properties.spec).toEqual(
        read("stacks/Pulumi.lab.yaml").config["continuum:spec"],
    );
});

it.each(["lab", "k3s"])("examples/yaml/%s adds the package from components/package", (name) => {
    const example = read(`examples/yaml/${name}/Pulumi.yaml`);
    expect(example.runtime).toBe("yaml");
    const dir = path.resolve(ROOT, "examples", "yaml", name, example.packages.continuum);
    expect(dir).toBe(path.join(ROOT, "components", "package"));
    expect(fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))).toBe(true);
});
