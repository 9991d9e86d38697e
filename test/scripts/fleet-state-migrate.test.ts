import { migrateFleetConverges, type ExportedStack } from "../../scripts/fleet-state-migrate";

const urn = (type: string, name: string) => `urn:pulumi:s::p::continuum:index:K3sCluster$${type}::${name}`;
const connection = { host: "192.0.2.10", user: "ops" };

describe("migrateFleetConverges (scripts/fleet-state-migrate.ts)", () => {
    test("takes connection out of the old remote converges' inputs and outputs, and touches nothing else", () => {
        const stack: ExportedStack = {
            deployment: {
                manifest: { version: "3.248.0" },
                resources: [
                    {
                        urn: urn("command:remote:Command", "edge-n1-converge"),
                        type: "command:remote:Command",
                        inputs: { connection, create: "x" },
                        outputs: { connection, stdout: "" },
                    },
                    {
                        urn: urn("command:remote:CopyToRemote", "edge-n1-files"),
                        type: "command:remote:CopyToRemote",
                        inputs: { connection },
                        outputs: { connection },
                    },
                    {
                        urn: urn("command:remote:Command", "edge-n1-preflight-run"),
                        type: "command:remote:Command",
                        inputs: { connection },
                        outputs: { connection },
                    },
                    {
                        urn: urn("command:local:Command", "edge-n2-converge"),
                        type: "command:local:Command",
                        inputs: { create: "y" },
                        outputs: { create: "y" },
                    },
                ],
            },
        };
        const before = JSON.parse(JSON.stringify(stack)) as ExportedStack;
        expect(migrateFleetConverges(stack)).toEqual([urn("command:remote:Command", "edge-n1-converge")]);
        const [converge, ...rest] = stack.deployment.resources!;
        expect(converge.inputs).toEqual({ create: "x" });
        expect(converge.outputs).toEqual({ stdout: "" });
        expect(rest).toEqual(before.deployment.resources!.slice(1));
        expect(stack.deployment.manifest).toEqual({ version: "3.248.0" });
    });

    test("a second run changes nothing", () => {
        const stack: ExportedStack = {
            deployment: {
                resources: [
                    {
                        urn: urn("command:remote:Command", "a-converge"),
                        type: "command:remote:Command",
                        inputs: { create: "x" },
                        outputs: {},
                    },
                ],
            },
        };
        expect(migrateFleetConverges(stack)).toEqual([]);
    });
});
