/**
 * The lifecycle most browser specs share: a fake API with a reply handler, code-server pointed at it, a workbench; a
 * screenshot when a test fails; and, at the end, everything closed and no process left behind (asserted).
 */
import { strict as assert } from 'node:assert';
import { startFakeApi, type FakeApi, type ReplyFn } from '../../fixtures/fakeApi';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { fakeApiWorkspaceSettings } from './environment';
import { openWorkbench, type Workbench } from './workbench';

export interface WorkbenchSuite {
  readonly api: FakeApi;
  readonly server: CodeServer;
  readonly wb: Workbench;
}

/** Call inside `describe`. `label` names the folders, logs and failure screenshots. */
export function useWorkbenchSuite(label: string, handler: ReplyFn, options: Omit<CodeServerOptions, 'label' | 'workspaceSettings'> & { workspaceSettings?: Record<string, unknown> } = {}): WorkbenchSuite {
  let api: FakeApi | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    api = await startFakeApi();
    api.setHandler(handler);
    server = await startCodeServer({ ...options, label, workspaceSettings: { ...fakeApiWorkspaceSettings(api.url), ...options.workspaceSettings } });
    wb = await openWorkbench(server);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`${label}-failure-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    await api?.close();
    assert.deepEqual(leaks, [], 'processes outlived code-server (a claude process was not stopped?)');
  });

  const need = <T>(v: T | undefined, what: string): T => {
    if (!v) throw new Error(`useWorkbenchSuite: ${what} is only available inside a test`);
    return v;
  };
  return {
    get api() {
      return need(api, 'api');
    },
    get server() {
      return need(server, 'server');
    },
    get wb() {
      return need(wb, 'wb');
    },
  };
}
