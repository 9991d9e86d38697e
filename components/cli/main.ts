import { validateStackFile } from "./validate";

const USAGE = `usage: continuum validate <stack file>...

  validate   check stacks/Pulumi.<stack>.yaml without running Pulumi
             exit 0 valid, 1 invalid spec, 2 unreadable file`;

/** Entry point of the `continuum` command. Returns the exit code. */
export function main(argv: string[]): number {
    const [command, ...files] = argv;
    if (command === "validate" && files.length > 0) {
        let worst = 0;
        for (const file of files) {
            const out = validateStackFile(file);
            process.stdout.write(out.stdout);
            process.stderr.write(out.stderr);
            worst = Math.max(worst, out.code);
        }
        return worst;
    }
    process.stderr.write(`${USAGE}\n`);
    return command === "help" || command === "--help" ? 0 : 2;
}
