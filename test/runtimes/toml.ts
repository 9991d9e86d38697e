import { execFileSync } from "node:child_process";

/**
 * Parse TOML with Python's standard `tomllib` (a real TOML 1.0 parser; the npm tree here has
 * none). Throws with the parser's message when the text is not valid TOML — e.g. a table
 * defined twice, which is what makes containerd refuse to start.
 */
export function parseToml(text: string): Record<string, unknown> {
    const script = "import sys, json, tomllib\nprint(json.dumps(tomllib.loads(sys.stdin.read())))";
    const out = execFileSync("python3", ["-c", script], {
        input: text,
        encoding: "utf8",
        stdio: ["pipe", "pipe", "pipe"],
    });
    return JSON.parse(out) as Record<string, unknown>;
}

/** The runtimes table of a parsed containerd config. */
export function runtimesTable(doc: Record<string, unknown>, plugin: string): Record<string, Record<string, unknown>> {
    const plugins = doc.plugins as Record<
        string,
        { containerd: { runtimes: Record<string, Record<string, unknown>> } }
    >;
    return plugins[plugin].containerd.runtimes;
}
