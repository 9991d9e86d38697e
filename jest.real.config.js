/**
 * Real tier (`npm run test:real`, as root): the hosts tier's test hosts running real kubelets,
 * containerd, runc/crun built here (`npm run toolchain -- --real` first), a kubeadm cluster brought
 * up by the product's own program. See docs/real-tier.md.
 * @type {import('jest').Config}
 */
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test/real"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    // One file at a time: four hosts with real kubelets share two CPUs with everything else.
    maxWorkers: 1,
    testTimeout: 900000,
    globalSetup: "<rootDir>/test/hosts/global-setup.ts",
    globalTeardown: "<rootDir>/test/hosts/global-teardown.ts",
};
