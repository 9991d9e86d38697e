/** @type {import('jest').Config} */
// Engine tier: the real Pulumi CLI from `npm run toolchain` (see docs/toolchain.md).
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test/engine"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    testTimeout: 900000,
};
