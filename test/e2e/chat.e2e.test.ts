/**
 * The vertical slice, as a person does it: open the AICode view, type a prompt in the chat webview, press
 * Send, and watch the answer stream in. The real `claude` CLI (devDependency) runs inside the extension
 * host of code-server and talks to the fake Anthropic API started here.
 */
import { strict as assert } from 'node:assert';
import { lastUserText, startFakeApi, text, type FakeApi } from '../fixtures/fakeApi';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { fakeApiWorkspaceSettings } from './harness/environment';
import { sleep } from './harness/processes';
import { openWorkbench, type Workbench } from './harness/workbench';

const PROMPT = 'Say hello to the e2e test';
const ANSWER = 'Hello from the fake API: this answer was streamed in small pieces.';

describe('chat (e2e)', function () {
  this.timeout(120_000);
  let api: FakeApi | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    api = await startFakeApi();
    // Only the turn carrying our prompt gets the scripted answer; the CLI's side requests (titles, quota) get "ok".
    api.setHandler((req) => (lastUserText(req.body).includes(PROMPT) ? text(ANSWER, { chunkSize: 4, delayMs: 15 }) : text('ok')));
    server = await startCodeServer({
      label: 'chat',
      workspaceSettings: fakeApiWorkspaceSettings(api.url),
      files: { 'hello.ts': 'export const hello = (name: string): string => `Hello, ${name}!`;\n' },
    });
    wb = await openWorkbench(server);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`chat-failure-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    await api?.close();
    assert.deepEqual(leaks, [], 'processes outlived code-server (a claude process was not stopped?)');
  });

  it('streams the answer to a prompt into the conversation log', async () => {
    await wb!.openAicodeView();
    const chat = await wb!.chatFrame(60_000);
    const input = chat.getByRole('textbox', { name: 'Message Claude' });
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    await input.fill(PROMPT);
    await chat.getByRole('button', { name: 'Send', exact: true }).click();

    const log = chat.getByRole('log').first();
    const deadline = Date.now() + 90_000;
    let shown = '';
    while (Date.now() < deadline) {
      shown = await log.innerText().catch(() => '');
      if (shown.replace(/\s+/g, ' ').includes(ANSWER)) break;
      await sleep(250);
    }
    await wb!.screenshot('chat-streamed');
    assert.ok(shown.replace(/\s+/g, ' ').includes(ANSWER), `the answer never appeared in the log; it shows:\n${shown}`);
    assert.ok(shown.includes(PROMPT), 'the prompt is not shown in the conversation');
    const turn = api!.requests.find((r) => lastUserText(r.body).includes(PROMPT));
    assert.ok(turn, 'the fake API never received the prompt');
    assert.ok(turn.deltasSent > 1, 'the answer was not streamed');
  });
});
