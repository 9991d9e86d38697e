/** @type {import('jest').Config} */
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/test"],
    // Unit tier only: the engine, sim and hosts tiers have their own configs and npm scripts.
    testPathIgnorePatterns: ["/node_modules/", "/test/engine/", "/test/sim/", "/test/hosts/", "/test/real/"],
    transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
    testTimeout: 30000,
};
