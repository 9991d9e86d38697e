#!/usr/bin/env node
// The `continuum` command. Runs the TypeScript sources through ts-node (transpile only).
"use strict";
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
process.exitCode = require("../components/cli/main").main(process.argv.slice(2));
