/**
 * A stack file parsed as the Pulumi program parses its config: `continuum:spec` merged over the
 * file `continuum:specFile` names (parseSpecSources, the one place both read it), the spec file
 * relative to the Pulumi project directory. What `continuum validate` (and every command that
 * reads a stack file) starts from.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { parseSpecSources, SpecFileError } from "./spec-file";
import type { ParseOptions, ParseResult } from "./parse";
import { readStackSources, StackFileError } from "./stack-file";

/** The Pulumi project directory of a stack file: the nearest directory upwards holding Pulumi.yaml. */
export function projectDirOf(stackFile: string): string {
    const start = path.dirname(path.resolve(stackFile));
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "Pulumi.yaml")) || existsSync(path.join(dir, "Pulumi.yml"))) return dir;
        if (path.dirname(dir) === dir) return start;
    }
}

/**
 * Read and parse a stack file's continuum, secrets left encrypted (`fromFile`). Throws a
 * StackFileError when the file, or the spec file it names, cannot be read as YAML.
 */
export function parseStackFile(file: string, options: Omit<ParseOptions, "fromFile"> = {}): ParseResult {
    const sources = readStackSources(file);
    try {
        return parseSpecSources(sources.spec, sources.specFile, projectDirOf(file), { ...options, fromFile: true });
    } catch (e) {
        if (e instanceof SpecFileError) throw new StackFileError(file, e.message);
        throw e;
    }
}
