/**
 * The vertical slice, as a person does it: open the AICode view, type a prompt in the chat webview, press
 * Send, and watch the answer stream in. The real `claude` CLI (devDependency) runs inside the extension
 * host of code-server and talks to the fake Anthropic API started here.
 */
import { strict as assert } from 'node:assert';
import { lastUserText, text, type RecordedRequest } from '../fixtures/fakeApi';
import { sleep } from './harness/processes';
import { useWorkbenchSuite } from './harness/suite';

const PROMPT = 'Say hello to the e2e test';
const ANSWER = 'Hello from the fake API: this answer was streamed in small pieces.';

describe('chat (e2e)', function () {
  this.timeout(120_000);

  // Only the turn carrying our prompt gets the scripted answer; the CLI's side requests (titles, quota) get "ok".
  const suite = useWorkbenchSuite('chat', (req: RecordedRequest) => (lastUserText(req.body).includes(PROMPT) ? text(ANSWER, { chunkSize: 4, delayMs: 15 }) : text('ok')), {
    files: { 'hello.ts': 'export const hello = (name: string): string => `Hello, ${name}!`;\n' },
  });

  it('streams the answer to a prompt into the conversation log', async () => {
    await suite.wb.openAicodeView();
    const chat = await suite.wb.chatFrame(60_000);
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
    await suite.wb.screenshot('chat-streamed');
    assert.ok(shown.replace(/\s+/g, ' ').includes(ANSWER), `the answer never appeared in the log; it shows:\n${shown}`);
    assert.ok(shown.includes(PROMPT), 'the prompt is not shown in the conversation');
    const turn = suite.api.requests.find((r: RecordedRequest) => lastUserText(r.body).includes(PROMPT));
    assert.ok(turn, 'the fake API never received the prompt');
    assert.ok(turn.deltasSent > 1, 'the answer was not streamed');

    // A screen reader hears the finished answer once, from the status region; the virtualised log is not live itself.
    assert.equal(await log.getAttribute('aria-live'), 'off');
    const status = chat.getByRole('status').filter({ hasText: 'Claude:' });
    await status.waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal((await status.textContent())?.replace(/\s+/g, ' '), `Claude: ${ANSWER}`);
  });
});
