/** @type {import('jest').Config} */
// The sim tier (`npm run test:sim`): real kube-apiservers with kwok-simulated nodes, through the
// real Pulumi CLI and a local file backend. Needs `npm run toolchain -- --kube` first. One suite,
// run in band: it brings a whole lab up and down.
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/sim"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
  testTimeout: 20 * 60 * 1000,
  maxWorkers: 1,
};
