/**
 * The unit tier's scratch files in a directory of the run's own (removed by global-teardown.js):
 * tests make their directories with mkdtemp(os.tmpdir()), os.tmpdir() reads TMPDIR, and the test
 * workers inherit this process's environment.
 */
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

module.exports = function ownTmpdir() {
    const dir = mkdtempSync(path.join(tmpdir(), "continuum-unit-"));
    process.env.CONTINUUM_UNIT_TMPDIR = dir;
    process.env.TMPDIR = dir;
};
