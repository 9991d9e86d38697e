/** @type {import('jest').Config} */
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    // Unit tier only: the engine, sim and hosts tiers have their own configs and npm scripts.
    testPathIgnorePatterns: ["/node_modules/", "/test/engine/", "/test/sim/", "/test/hosts/", "/test/real/"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    testTimeout: 30000,
    // Scratch directories in a directory of the run's own, removed at the end (test/setup/global-setup.js).
    globalSetup: "<rootDir>/test/setup/global-setup.js",
    globalTeardown: "<rootDir>/test/setup/global-teardown.js",
};
