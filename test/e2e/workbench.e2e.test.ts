/** The packaged extension installs and contributes its UI to the real workbench (no Claude process needed). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { repoRoot } from './harness/paths';
import { openWorkbench, type Workbench } from './harness/workbench';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: ManifestCommand[] } };

describe('workbench (e2e)', function () {
  this.timeout(120_000);
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    server = await startCodeServer({ label: 'workbench', files: { 'README.md': '# sample\n' } });
    wb = await openWorkbench(server);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    assert.deepEqual(leaks, [], 'processes outlived code-server');
  });

  it('shows the AICode container in the activity bar and opens it', async () => {
    await wb!.openAicodeView();
    await wb!.screenshot('workbench-aicode-view');
  });

  it('lists our commands in the command palette', async () => {
    const labels = await wb!.listCommands('AICode: ');
    await wb!.screenshot('workbench-command-palette');
    await wb!.page.keyboard.press('Escape');
    // Commands hidden by a `commandPalette` `when` clause (e.g. Interrupt while no turn runs) are not listed.
    for (const title of ['Open Chat', 'New Session', 'Show Logs']) {
      assert.ok(labels.some((l) => l.includes(`AICode: ${title}`)), `"AICode: ${title}" missing from ${JSON.stringify(labels)}`);
    }
    assert.ok(manifest.contributes.commands.length > 0);
  });
});
