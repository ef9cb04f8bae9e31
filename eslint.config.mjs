import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      ".next",
      ".open-next",
      ".wrangler",
      "next-env.d.ts",
      "public/sw.js",
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
    // Layers point down: the core knows no I/O or framework; the server and client never import the app.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "../server/*",
            "../client/*",
            "../app/*",
            "@/server/*",
            "@/client/*",
            "@/app/*",
            "next",
            "next/*",
            "react",
            "dexie",
            "@opennextjs/*",
          ],
        },
      ],
    },
  },
  {
    files: ["src/server/**/*.ts", "src/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["../app/*", "../../app/*", "@/app/*", "next", "next/*", "react"] },
      ],
    },
  },
);
