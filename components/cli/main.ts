import * as path from "node:path";
import { readFileSync } from "node:fs";
import { validateStackFile } from "./validate";
import { deployedControlPlanes } from "../day2/deployed";
import { deployedCertificates, type StackCertificates } from "../day2/certificate-lines";

const USAGE = `usage: continuum <command> ...

  validate <stack file>... [--deployed FILE]
                                      check stacks/Pulumi.<stack>.yaml without running Pulumi;
                                      with --deployed (pulumi stack output --json > FILE), also
                                      that its control-plane changes keep etcd quorum, and
                                      print its certificate expiry (warn within warnDays)
                                      exit 0 valid, 1 invalid spec, 2 unreadable file
  diagram <stack file> [--format mermaid|svg|dot] [--out FILE]
                                      draw the continuum: clusters, mesh, KubeEdge nodes and
                                      devices, Akri, runtimes per node pool (default: Mermaid
                                      on stdout; SVG when --out ends in .svg)
  doctor [stack file] [--stack NAME] [--hosts]
                                      check this machine for what the stack (and, with --hosts,
                                      the hosts tier) needs; exit 0 ready, 1 something missing`;

/** The project root: where package.json and tools/ are. */
const ROOT = path.resolve(__dirname, "..", "..");

/** Entry point of the `continuum` command. Resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
    const [command, ...args] = argv;
    if (command === "validate" && args.length > 0) {
        let worst = 0;
        const at = args.indexOf("--deployed");
        let deployed: Record<string, string[]> | undefined;
        let certificates: StackCertificates | undefined;
        if (at >= 0) {
            const file = args[at + 1];
            if (file === undefined) {
                process.stderr.write(
                    "continuum validate: --deployed needs a file — pulumi stack output --json > deployed.json\n",
                );
                return 2;
            }
            try {
                let json: unknown;
                try {
                    json = JSON.parse(readFileSync(file, "utf8"));
                } catch (e) {
                    throw new Error(
                        `cannot read ${file} as JSON (${(e as Error).message}) ` +
                            `— write it with \`pulumi stack output --json > ${file}\``,
                    );
                }
                deployed = deployedControlPlanes(json, file);
                certificates = deployedCertificates(json);
            } catch (e) {
                process.stderr.write(`continuum validate: ${(e as Error).message}\n`);
                return 2;
            }
            args.splice(at, 2);
        }
        for (const file of args) {
            const out = validateStackFile(file, deployed, certificates);
            process.stdout.write(out.stdout);
            process.stderr.write(out.stderr);
            worst = Math.max(worst, out.code);
        }
        return worst;
    }
    if (command === "diagram" || command === "doctor") {
        // Loaded on use: Graphviz (WebAssembly) and the doctor's probes would slow every `validate`.
        const out =
            command === "diagram"
                ? await (await import("./diagram")).diagramCommand(args)
                : await (
                      await import("./doctor")
                  ).doctorCommand(args, ROOT, (await import("./doctor-probes")).realProbes);
        process.stdout.write(out.stdout);
        process.stderr.write(out.stderr);
        return out.code;
    }
    process.stderr.write(`${USAGE}\n`);
    return command === "help" || command === "--help" ? 0 : 2;
}
