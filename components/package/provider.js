// The component provider's entry (package.json main): the TypeScript sources through ts-node,
// transpile only, like bin/continuum.js. Pulumi's plugin runner would type-check every file the
// provider loads on each start (it registers ts-node with typeCheck: true for `typescript: true`
// plugins); `npm run typecheck` checks them instead. The schema inference reads provider.ts.
"use strict";
const path = require("node:path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "tsconfig.json") });
require("./provider.ts");
