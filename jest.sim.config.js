/** @type {import('jest').Config} */
// The sim tier (`npm run test:sim`): real kube-apiservers with kwok-simulated nodes, through the
// real Pulumi CLI and a local file backend. Needs `npm run toolchain -- --kube` first. One suite,
// run in band: it brings a whole lab up and down.
// The lab runs `scripts/toolchain.sh --kube`: where it finds the upstream plugin sources when a
// plugin is not cached yet, unless set (the workplace's shared/ beside the clone, as in .ci/run).
process.env.CONTINUUM_PLUGIN_SOURCES ??= require("path").resolve(__dirname, "..", "shared", "vendor", "pulumi-plugins");
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test/sim"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    testTimeout: 20 * 60 * 1000,
    maxWorkers: 1,
};
