// The layer rule: which of our folders a file may import, resolved from the import's path (relative
// or `@/`), so `../../server/x` from any depth is caught, not only the spellings a pattern lists.
// Proven by planted imports in eslint/layers.test.ts.
import path from "node:path";

const ROOT = path.dirname(import.meta.dirname);

/** The layer of a path inside the repository, or null for anything else (packages, config). */
export function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join("/");
  if (rel.startsWith("src/core/testing/")) return "core-testing";
  for (const layer of ["core", "client", "server", "app"]) if (rel.startsWith(`src/${layer}/`)) return layer;
  for (const layer of ["test", "e2e", "bench"]) if (rel.startsWith(`${layer}/`)) return layer;
  return null;
}

const isTestFile = (file) => /\.test\.tsx?$/.test(file);

/**
 * What each layer may import. Test helpers (src/core/testing, test/) are open to tests only; the
 * core knows nothing but itself; the client and the server know the core and never each other or
 * the app. The app (pages and the route that hands requests to the server) may use all three.
 */
const ALLOWED = {
  core: ["core"],
  "core-testing": ["core", "core-testing"],
  client: ["core", "client"],
  server: ["core", "server"],
  app: ["core", "client", "server", "app"],
};
const TEST_HELPERS = ["core-testing", "test"];

function resolveSpecifier(specifier, fromFile) {
  if (specifier.startsWith("@/")) return path.join(ROOT, "src", specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(fromFile), specifier);
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Layers import only the layers below them; test helpers only from tests." },
    schema: [],
    messages: {
      layer: "{{from}} may not import {{to}} ({{specifier}}): allowed are {{allowed}}.",
    },
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (!from || !(from in ALLOWED)) return {};
    const allowed = isTestFile(file) ? [...ALLOWED[from], ...TEST_HELPERS] : ALLOWED[from];
    function check(node, source) {
      if (!source || typeof source.value !== "string") return;
      const target = resolveSpecifier(source.value, file);
      const to = target && layerOf(target);
      if (!to || allowed.includes(to)) return;
      context.report({
        node,
        messageId: "layer",
        data: {
          from: isTestFile(file) ? `a ${from} test` : from,
          to,
          specifier: source.value,
          allowed: allowed.join(", "),
        },
      });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default { rules: { imports: rule } };
