/**
 * The Pulumi program of the `preview` bench case: the repository's own program (index.ts), run
 * in a scratch project with the bench-only checksums filled in (see bench-table.ts). The scratch
 * project's index.js registers ts-node and requires this file.
 */
import { useBenchChecksumsInThisProcess } from "./bench-table";

useBenchChecksumsInThisProcess();
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require("../index");
