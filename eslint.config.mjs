// ESLint over the TypeScript, the Svelte views and the build and test scripts; run by `npm run typecheck`.
// typescript-eslint's recommended rules (not the type-checked set: tsc and svelte-check already check types, and
// this stays a few seconds), eslint-plugin-svelte's recommended rules for the views.
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-output/**', '.vscode-test/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_name` marks a value left unused on purpose (a destructured field dropped, a callback's unused argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // The integration suite loads its files with require() inside run(), after mocha has set up its globals.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['webview/**/*.{ts,svelte}', 'webview/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Scripts and browser tests hand functions to page.evaluate(): those run in the page, with its globals.
    files: ['test/**', 'scripts/**', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha, ...globals.browser } },
  },
  {
    // Tests reach into page objects and third-party shapes that have no types worth writing.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
