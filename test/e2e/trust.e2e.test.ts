/**
 * Workspace Trust kept on (the only spec that does): in an untrusted folder the extension says so and
 * starts no Claude process; trusting the folder brings the normal view back. The web workbench does not ask
 * at startup: it opens an untrusted folder in Restricted Mode with a banner.
 */
import { strict as assert } from 'node:assert';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { DEAD_API_URL, fakeApiWorkspaceSettings } from './harness/environment';
import { SANDBOX_MARKER } from './harness/paths';
import { findMarked } from './harness/processes';
import { openWorkbench, type Workbench } from './harness/workbench';

const NOT_TRUSTED = 'This workspace is not trusted';

describe('workspace trust (e2e)', function () {
  this.timeout(120_000);
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    server = await startCodeServer({ label: 'trust', workspaceTrust: true, workspaceSettings: fakeApiWorkspaceSettings(DEAD_API_URL) });
    wb = await openWorkbench(server);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    assert.deepEqual(leaks, [], 'processes outlived code-server');
  });

  it('in Restricted Mode shows why nothing runs, and runs no claude', async () => {
    const page = wb!.page;
    await page.locator('.part.statusbar').getByText('Restricted Mode').waitFor({ state: 'visible' });
    await wb!.openAicodeView();
    await page.locator('.part.sidebar').getByText(NOT_TRUSTED).waitFor({ state: 'visible' });
    await wb!.screenshot('trust-restricted');
    const claudes = findMarked(SANDBOX_MARKER, server!.marker).filter((p) => /claude/.test(p.cmdline));
    assert.deepEqual(claudes, [], 'a claude process runs in an untrusted workspace');
  });

  it('trusting the folder lifts the restriction', async () => {
    await wb!.trustWorkspace();
    await wb!.openAicodeView();
    await wb!.page.locator('.part.sidebar').getByText(NOT_TRUSTED).waitFor({ state: 'hidden' });
    await wb!.screenshot('trust-trusted');
  });
});
