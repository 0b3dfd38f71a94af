/** The packaged extension installs and contributes its UI to the real workbench (no Claude process needed). */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { repoRoot, resultsDir } from './harness/paths';
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

  it('activates in the extension host and logs how long activate() took', async () => {
    // The extension's own log (a LogOutputChannel) is a file under the user-data dir; activation was onStartupFinished.
    let ms: number | undefined;
    for (const deadline = Date.now() + 20_000; ms === undefined && Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      const log = findFiles(join(server!.root, 'user-data', 'logs'), (name) => name.endsWith('AICode Manager.log'))[0];
      const m = log ? /Activated in (\d+) ms/.exec(readFileSync(log, 'utf8')) : null;
      if (m) ms = Number(m[1]);
    }
    assert.ok(ms !== undefined && Number.isFinite(ms), 'no "Activated in N ms" line in the extension log');
    console.log(`      activate() in the code-server extension host: ${ms} ms`);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'perf-activation.json'), `${JSON.stringify({ activateMs: ms, at: new Date().toISOString() }, null, 2)}\n`);
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

function findFiles(dir: string, match: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? findFiles(join(dir, e.name), match) : match(e.name) ? [join(dir, e.name)] : []));
}
