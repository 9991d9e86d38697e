import * as fs from "node:fs";
import * as path from "node:path";
import { dotToSvg, renderDot } from "./diagram-dot";
import { renderMermaid } from "./diagram-mermaid";
import { diagramModel } from "./diagram-model";
import { loadStackSpec } from "./stack-spec";

/** Output formats of `continuum diagram`. */
export const DIAGRAM_FORMATS = ["mermaid", "svg", "dot"] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** What a CLI command prints and its exit code. */
export interface CommandOutcome {
    code: number;
    stdout: string;
    stderr: string;
}

/** Arguments of `continuum diagram`. */
export interface DiagramArgs {
    /** The stack file. */
    file: string;
    /** Output format. @default "svg" when `out` ends in .svg, else "mermaid" */
    format: DiagramFormat;
    /** File to write; stdout when unset. */
    out?: string;
}

/** Parse `diagram <stack file> [--format mermaid|svg|dot] [--out FILE]`; a string is the usage error. */
export function parseDiagramArgs(argv: string[]): DiagramArgs | string {
    let file: string | undefined;
    let format: string | undefined;
    let out: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]!;
        if (a === "--format" || a === "--out") {
            const v = argv[++i];
            if (v === undefined) return `${a} needs a value`;
            if (a === "--format") format = v;
            else out = v;
        } else if (a.startsWith("--")) return `unknown option ${a} — use --format mermaid|svg|dot, --out FILE`;
        else if (file === undefined) file = a;
        else return `one stack file at a time (got ${file} and ${a})`;
    }
    if (file === undefined) return "name the stack file, e.g. continuum diagram stacks/Pulumi.lab.yaml";
    format ??= out?.endsWith(".svg") ? "svg" : "mermaid";
    if (!(DIAGRAM_FORMATS as readonly string[]).includes(format))
        return `--format ${format} is not known — use ${DIAGRAM_FORMATS.join(", ")}`;
    return { file, format: format as DiagramFormat, out };
}

/** The diagram of a stack file in a format. Rejects only on a Graphviz failure. */
export async function diagramOfStack(
    file: string,
    format: DiagramFormat,
): Promise<{ ok: true; text: string } | { ok: false; code: number; stderr: string }> {
    const loaded = loadStackSpec(file);
    if (!loaded.ok) return loaded;
    const model = diagramModel(loaded.spec);
    if (format === "mermaid") return { ok: true, text: renderMermaid(model) };
    const dot = renderDot(model);
    return { ok: true, text: format === "dot" ? dot : await dotToSvg(dot) };
}

/** `continuum diagram`: render a stack file's continuum to stdout or a file. */
export async function diagramCommand(argv: string[]): Promise<CommandOutcome> {
    const args = parseDiagramArgs(argv);
    if (typeof args === "string") return { code: 2, stdout: "", stderr: `continuum diagram: ${args}\n` };
    const drawn = await diagramOfStack(args.file, args.format);
    if (!drawn.ok) return { code: drawn.code, stdout: "", stderr: drawn.stderr };
    if (args.out === undefined) return { code: 0, stdout: drawn.text, stderr: "" };
    try {
        fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
        fs.writeFileSync(args.out, drawn.text);
    } catch (e) {
        return {
            code: 2,
            stdout: "",
            stderr:
                `continuum diagram: cannot write ${args.out} (${(e as NodeJS.ErrnoException).code ?? String(e)}) ` +
                `— choose a writable path\n`,
        };
    }
    return { code: 0, stdout: `${args.out}\n`, stderr: "" };
}
