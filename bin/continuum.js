#!/usr/bin/env node
// The `continuum` command. Runs the TypeScript sources through ts-node (transpile only).
"use strict";
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../components/cli/main")
    .main(process.argv.slice(2))
    .then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            process.stderr.write(`continuum: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exitCode = 1;
        },
    );
