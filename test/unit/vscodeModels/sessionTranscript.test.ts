// The chat's model of one session, driven through a real SessionManager and Session against the fake CLI.
import { strict as assert } from 'node:assert';
import { MemoryLogger } from '../../../src/core/util/logger';
import { SessionTranscript } from '../../../src/vscode/chat/sessionTranscripts';
import { lastArgv, makeHarness, removeHarnessRoot, shutdownHarnesses } from '../core/session/harness';
import { waitFor } from '../core/testUtil';

describe('SessionTranscript (the chat model of a session)', function () {
  this.timeout(10_000);
  afterEach(() => shutdownHarnesses());
  after(() => removeHarnessRoot());

  it('"Retry" on a failed, tool-free prompt sends it again from before the failed attempt and shows the answer', async () => {
    const h = makeHarness({ settings: { resilience: { maxRetries: 0, breakerThreshold: 10, breakerCooldownMs: 30_000, initialDelayMs: 10 } } });
    const session = h.manager.create({ folder: h.folder });
    const chat = new SessionTranscript(session, [], new MemoryLogger());
    const texts = () => chat.reducer.items().map((i) => ('text' in i ? `${i.kind}:${i.text}` : 'message' in i ? `${i.kind}:${i.message}` : i.kind));

    chat.send('first', []);
    await waitFor(() => texts().includes('assistant:echo: first'), 'the first answer');
    const tip = session.messages().filter((m) => m.type === 'assistant').at(-1)!.uuid!;
    chat.send('@fail529=1 second', []);
    await waitFor(() => chat.reducer.items().some((i) => i.kind === 'error'), 'the error item with Retry');

    assert.equal(chat.retry(), true);
    await waitFor(() => texts().includes('assistant:echo: second'), 'the retried answer');
    assert.ok(lastArgv(session.messages()).includes(`--resume-session-at=${tip}`), lastArgv(session.messages()).join(' '));
    assert.equal(texts().filter((t) => t === 'user:@fail529=1 second').length, 2, 'the chat shows the prompt as sent again');
    chat.dispose();
  });

  it('"Retry" with nothing sent yet does nothing', () => {
    const h = makeHarness();
    const chat = new SessionTranscript(h.manager.create({ folder: h.folder }), [], new MemoryLogger());
    assert.equal(chat.retry(), false);
    chat.dispose();
  });
});
