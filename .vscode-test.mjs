// For @vscode/test-cli (`npx @vscode/test-cli` / the Extension Test Runner) on machines that can download
// VS Code: runs the same extension-host suites as `npm run test:e2e`, which runs them inside code-server here.
// Build them first: `npm run package` (dist/) and `node --import tsx test/e2e/extensionHost/bundle.ts`
// (out/e2e/extensionHost/*.test.js, self-contained: mocha and src/ids inlined, `vscode` external).
// A plain object rather than `defineConfig(...)`: @vscode/test-cli is not a devDependency (it would try to
// download VS Code, which this project's CI cannot), and defineConfig is the identity function anyway.
/** @type {import('@vscode/test-cli').TestConfiguration} */
export default {
  label: 'extensionHost',
  files: 'out/e2e/extensionHost/*.test.js',
  extensionDevelopmentPath: '.',
  version: 'stable',
  mocha: { ui: 'bdd', timeout: 60_000 },
  env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  launchArgs: ['--disable-workspace-trust'],
};
