// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'media/dist/**', 'coverage/**', 'node_modules/**', 'test/e2e/host/**', '.e2e-host/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core runs in plain Node (tests, benchmarks, a future standalone server): no VS Code API.
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/protocol and src/webview must not depend on the VS Code API (conventions.md).' }], patterns: [{ group: ['**/vscode/**', '../vscode/*'], message: 'The core must not import adapters.' }] }],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode', 'fs', 'child_process', 'path'], patterns: [{ group: ['node:*', '**/core/**', '**/vscode/**'], message: 'The webview bundle runs in a browser: protocol types only.' }] }],
    },
  },
);
