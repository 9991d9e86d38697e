import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "dist/",
            ".tools/",
            ".lab/",
            ".pulumi/",
            "coverage/",
            "policies/node_modules/",
            "**/*.js",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/consistent-type-imports": "error",
            // Prettier wraps code at 120 columns but not strings or comments: this keeps those within it too.
            "max-len": ["error", { code: 120, tabWidth: 4 }],
        },
    },
);
