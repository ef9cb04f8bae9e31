import tseslint from "typescript-eslint";
import layers from "./eslint/layers.mjs";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      ".next",
      ".open-next",
      ".wrangler",
      "next-env.d.ts",
      "public/sw.js",
      // A service worker script (worker globals), bundled by serwist build.
      "src/service-worker/sw.js",
      "public/sw-sync.js",
      "worker.ts",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Layers point down (eslint/layers.mjs): core imports only core; client and server import core and
    // themselves, never each other or the app; test helpers are imported by tests only.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { layers },
    rules: { "layers/imports": "error" },
  },
  {
    // The core knows no I/O or framework.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: ["next", "next/*", "react", "dexie", "@opennextjs/*"],
        },
      ],
    },
  },
  {
    files: ["src/server/**/*.ts", "src/client/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["next", "next/*", "react", "react-dom"] }],
    },
  },
);
