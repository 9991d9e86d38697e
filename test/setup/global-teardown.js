/** Removes the unit tier's scratch directory (global-setup.js). */
const { rmSync } = require("node:fs");

module.exports = function removeOwnTmpdir() {
    const dir = process.env.CONTINUUM_UNIT_TMPDIR;
    if (dir) rmSync(dir, { recursive: true, force: true });
};
