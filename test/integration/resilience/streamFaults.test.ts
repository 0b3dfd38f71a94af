// Rows: the CLI's stdout carries a malformed line or a 50 MB line. A wrapper around the real CLI
// (test/fixtures/injectingClaude) injects it right after the first assistant line, once per test.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { text } from '../../fixtures/fakeApi';
import { claudeBinary, useFakeApiSandbox } from '../harness';
import {
  assertApiSaw,
  assertShownOnce,
  assertTranscriptHas,
  cliAt,
  DEFAULT_MAX_LINE_BYTES,
  INJECTING_CLAUDE,
  makeResilienceManager,
  rejectionOf,
  ResilienceFixture,
  visible,
  waitFor,
} from './resilienceFixture';

describe('resilience: stream faults (real CLI behind an injecting wrapper)', function () {
  this.timeout(45_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  const injecting = (mode: 'malformed' | 'huge', bytes?: number): Parameters<typeof makeResilienceManager>[1] => ({
    cli: cliAt(() => INJECTING_CLAUDE),
    env: { INJECT_REAL_CLAUDE: claudeBinary(), INJECT_MODE: mode, INJECT_BYTES: bytes ? String(bytes) : undefined, INJECT_ONCE_FILE: join(t.sandbox.root, 'injected-once') },
  });

  it('a malformed line: ignored and reported as malformedStream; the turn still completes and the session goes on', async () => {
    f = makeResilienceManager(t.sandbox, injecting('malformed'));
    t.api.enqueue(text('kiwi noted'), text('the word was kiwi'));
    const session = f.manager.create({ folder: f.folder });
    const r = await session.send('remember the word kiwi');
    assert.equal(r.text, 'kiwi noted');
    assert.equal(r.isError, false);
    assert.deepEqual(visible(session), {
      state: 'idle',
      kind: 'malformedStream',
      message: `Ignored a malformed line from the Claude CLI: ${visible(session).message!.split(': ').slice(1).join(': ')}`,
      action: 'Show Logs',
    });
    assert.match(visible(session).message!, /not valid JSON|JSON/i);
    const pid = session.info.pid;
    const again = await session.send('what was the word?');
    assert.equal(again.text, 'the word was kiwi');
    assert.equal(session.info.pid, pid, 'the same process goes on');
    assertApiSaw(t.api.requests[1], ['remember the word kiwi', 'what was the word?']);
    assertShownOnce(session, ['remember the word kiwi', 'what was the word?'], ['kiwi noted', 'the word was kiwi']);
  });

  it('a 50 MB line (limit 32 MiB): the turn fails as oversizedLine, memory stays bounded, the next prompt resumes', async () => {
    const lineBytes = 50 * 1024 * 1024;
    f = makeResilienceManager(t.sandbox, injecting('huge', lineBytes));
    t.api.enqueue(text('kiwi noted'), text('the word was kiwi'));
    const session = f.manager.create({ folder: f.folder });
    const memory = sampleMemory();
    // The wrapper injects the line right after this turn's first assistant line.
    const err = await rejectionOf(session.send('remember the word kiwi'));
    assert.equal(err.kind, 'oversizedLine');
    assert.equal(visible(session).kind, 'oversizedLine');
    assert.equal(visible(session).action, 'Open Settings');
    assert.match(visible(session).message!, new RegExp(`more than ${DEFAULT_MAX_LINE_BYTES} bytes`));
    const firstPid = session.info.pid;
    // The process is stopped to protect memory; the wrapper is still pushing the rest of the line meanwhile.
    await waitFor(() => session.info.state === 'stopped', 20_000, 'the process to be stopped');
    const peak = memory.stop();
    // Bounded by the limit, not by the line. The decoder keeps at most maxLineBytes of it (its exact bound is a unit
    // test); here the whole process is sampled, garbage the GC has not collected yet included, so the check is the
    // one no timing can blur: holding the line would take its bytes plus the string made from them, twice its size.
    assert.ok(peak < 2 * lineBytes, `memory grew by ${(peak / 1048576).toFixed(1)} MiB while a ${lineBytes / 1048576} MiB line went by`);

    const again = await session.send('what was the word?');
    assert.equal(again.text, 'the word was kiwi');
    assert.notEqual(session.info.pid, firstPid);
    assertApiSaw(t.api.requests[1], ['remember the word kiwi', 'what was the word?']);
    await assertTranscriptHas(t.sandbox, session.info.cliSessionId, ['remember the word kiwi', 'what was the word?']);
    assertShownOnce(session, ['remember the word kiwi', 'what was the word?'], ['kiwi noted', 'the word was kiwi']);
    console.log(`      peak growth of heap + buffers: ${(peak / 1048576).toFixed(1)} MiB`);
  });
});

/** Samples heap + buffer memory every 5 ms; `stop()` returns the peak growth over the start, in bytes. */
function sampleMemory(): { stop(): number } {
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, used() - base)), 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, used() - base);
    },
  };
}
