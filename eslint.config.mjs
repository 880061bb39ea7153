// ESLint: the house rules the code follows (issue 11), checked by `npm run lint`
// (a step of `npm test`). Only syntax-level rules: none needs the type checker,
// so linting the whole tree takes seconds, not minutes, on CI's 2 cores.
import { defineConfig } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";

// Layers (paths from the project root; imports are resolved, so "@/app/…",
// "../../app/…" and import("…") all count).
const layers = [
  { target: "./lib", from: "./app", message: "lib/ is below app/: move what both need into lib/." },
  {
    target: "./ml",
    from: ["./lib", "./app"],
    message: "ml/ is the engine: it knows nothing of the platform (lib/, app/); pass what it needs as arguments.",
  },
];
const watermarkLayers = [
  {
    target: "./lib/watermark",
    from: "./lib/outputs",
    message: "The watermark does not know about outputs: lib/outputs calls lib/watermark, not the reverse.",
  },
  {
    target: "./lib/watermark",
    from: ["./lib/testing", "./lib/watermark/test-images.ts"],
    message: "Test helpers (lib/testing, test-images.ts) only in tests and in lib/watermark/test-images.ts itself.",
  },
];

export default defineConfig(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".data/",
      "lib/db/generated/",
      "test-results/",
      "playwright-report/",
      "e2e/.artifacts/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { "import-x": importX, "react-hooks": reactHooks, "@next/next": nextPlugin },
    settings: {
      // Which files import-x reads (its default is .js only: no-cycle would see no TypeScript module at all).
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/external-module-folders": ["node_modules", "node_modules/@types"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { zones: layers }],
      // A leading underscore marks a parameter or binding kept on purpose
      // (a server action's unused form data, a property left out of a rest).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // One typed configuration (lib/config.ts): nothing else reads a variable on its own.
    // Passing the whole environment on (`{ ...process.env }` for a child process) is not reading one;
    // NODE_ENV is Next.js's build-time constant.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: [
      "lib/config.ts",
      // ml/ may not import lib/: it reads its own ML_* and FFMPEG_* variables (all in the README's table).
      "ml/**",
      // Tests, test helpers and harnesses set up the environment the code under test reads.
      "**/*.test.ts",
      "lib/testing/**",
      "e2e/**",
      "scripts/bench-*.ts",
      "scripts/e2e-server.ts",
      "scripts/measure-upload-memory.ts",
      "*.config.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env']:not([property.name='NODE_ENV'])",
          message: "Read environment variables through lib/config.ts (one zod schema; add the variable there and to the README's table).",
        },
        {
          selector: "VariableDeclarator[id.type='ObjectPattern'][init.object.name='process'][init.property.name='env']",
          message: "Read environment variables through lib/config.ts (one zod schema; add the variable there and to the README's table).",
        },
      ],
    },
  },
  {
    // Hooks live in components; elsewhere a "use…" name is an ordinary function (Playwright's fixture `use`, lib's `useReasons`).
    files: ["**/*.tsx"],
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["lib/watermark/**"],
    ignores: ["lib/watermark/**/*.test.ts", "lib/watermark/test-images.ts"],
    rules: { "import-x/no-restricted-paths": ["error", { zones: [...layers, ...watermarkLayers] }] },
  },
  {
    // Text validation matches control characters on purpose.
    files: ["lib/validation/**"],
    rules: { "no-control-regex": "off" },
  },
  {
    // Playwright reads a test's fixtures from its first parameter's pattern: `async ({}, testInfo)` is how a test takes none.
    files: ["e2e/**"],
    rules: { "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
