/** Runs inside the extension host of the real (web-served) VS Code, against the installed VSIX. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, ContributedInternalCommands } from '../../../src/ids';

const EXTENSION_ID = 'aicode.aicode-manager';

interface Manifest {
  contributes: { commands: { command: string }[] };
}

describe('activation (extension host)', () => {
  it('is installed and activates, returning an API with a numeric version', async () => {
    const ext = vscode.extensions.getExtension<{ version?: unknown }>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const api = await ext.activate();
    assert.ok(ext.isActive);
    assert.ok(api && typeof api === 'object', 'activate() returned no API object');
    assert.equal(typeof api.version, 'number');
  });

  it('registers every command that package.json contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed = (ext.packageJSON as Manifest).contributes.commands.map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [...Object.values(Commands), ...ContributedInternalCommands].sort(), 'package.json and src/ids.ts disagree');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  // Web (code-server) here, Desktop under @vscode/test-cli: either way a Node host, never the web worker.
  it('runs the extension in a Node extension host with a workspace folder open', () => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder');
    assert.ok(process.versions.node, 'not a Node extension host');
  });
});
