import * as path from "node:path";
import { validateStackFile } from "./validate";

const USAGE = `usage: continuum <command> ...

  validate <stack file>...            check stacks/Pulumi.<stack>.yaml without running Pulumi
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
        for (const file of args) {
            const out = validateStackFile(file);
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
                : await (await import("./doctor")).doctorCommand(args, ROOT, (await import("./doctor-probes")).realProbes);
        process.stdout.write(out.stdout);
        process.stderr.write(out.stderr);
        return out.code;
    }
    process.stderr.write(`${USAGE}\n`);
    return command === "help" || command === "--help" ? 0 : 2;
}
