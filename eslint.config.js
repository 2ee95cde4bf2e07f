// Lint rules that catch what the type-checker cannot; style is left to the reviewer.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "**/dist/**", "data/**", "test-results/**", "addin/generated/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  {
    // shared/ is used by every part: it must not reach into the parts that use it.
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/addin/**", "**/dashboard/**", "**/cli/**", "fastify", "better-sqlite3", "react", "react-dom"] }],
    },
  },
);
