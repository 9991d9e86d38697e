/**
 * Hosts tier (`npm run test:hosts`): real SSH, the real command provider and the real Pulumi
 * engine against disposable Debian hosts (systemd-nspawn). Needs root. See docs/test-hosts.md.
 * @type {import('jest').Config}
 */
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test/hosts"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    // One file at a time: the hosts share two CPUs with everything else.
    maxWorkers: 1,
    testTimeout: 600000,
    globalSetup: "<rootDir>/test/hosts/global-setup.ts",
    globalTeardown: "<rootDir>/test/hosts/global-teardown.ts",
};
