/**
 * The converges' output of a hosts-tier run: fleet-node-ssh.sh writes what a node's converge
 * prints to `$CONTINUUM_LOG_DIR/<node>_<host>.<action>.log` (0600, the last run's), not to the
 * command's stdout (which would end in the state). A run points the variable at its own directory
 * (the Pulumi engine and the command provider inherit it) and reads a node's log back.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export class ConvergeLogs {
    private readonly before = process.env.CONTINUUM_LOG_DIR;

    /** Sets CONTINUUM_LOG_DIR to `dir` for this process and its children until {@link restore}. */
    constructor(readonly dir: string) {
        process.env.CONTINUUM_LOG_DIR = dir;
    }

    /** The last `action` run's output of `node`; fails when there is none or it is not owner-only. */
    read(node: string, action: "converge" | "unconverge" = "converge"): string {
        const file = fs.existsSync(this.dir)
            ? fs.readdirSync(this.dir).find((f) => f.startsWith(`${node}_`) && f.endsWith(`.${action}.log`))
            : undefined;
        if (!file) throw new Error(`no ${action} log of ${node} in ${this.dir}`);
        const full = path.join(this.dir, file);
        if ((fs.statSync(full).mode & 0o777) !== 0o600) throw new Error(`${full} is not mode 0600`);
        return fs.readFileSync(full, "utf8");
    }

    /** CONTINUUM_LOG_DIR as it was before. */
    restore(): void {
        if (this.before === undefined) delete process.env.CONTINUUM_LOG_DIR;
        else process.env.CONTINUUM_LOG_DIR = this.before;
    }
}
