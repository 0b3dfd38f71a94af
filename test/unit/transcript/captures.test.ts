import { strict as assert } from 'node:assert';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { captureNames, kinds, loadCapture, only, replayIncrementally } from './replay';

describe('TranscriptReducer: recorded CLI streams', () => {
  for (const name of captureNames) {
    it(`${name}: incremental changes rebuild the same list as one batch`, () => {
      const msgs = loadCapture(name);
      const { reducer } = replayIncrementally(msgs);
      const batch = new TranscriptReducer();
      const changes = batch.applyAll(msgs);
      assert.deepEqual(changes.upserts, reducer.items());
      assert.deepEqual(batch.items(), reducer.items());
      // Stable ids: unique, and the same on a second rebuild.
      const ids = reducer.items().map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(new TranscriptReducer().applyAll(msgs).upserts.map((i) => i.id), ids);
      assert.ok(reducer.items().every((i) => !('streaming' in i) || i.streaming === false), 'nothing left streaming after the result');
    });
  }

  it('01 one-shot text: the reply and a footer with cost and tokens', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('01-oneshot-text.ndjson')).upserts;
    assert.deepEqual(kinds(items), ['assistant', 'footer']);
    assert.equal(only(items, 'assistant')[0].text, 'Hello from fake #1');
    const footer = only(items, 'footer')[0];
    assert.equal(footer.isError, false);
    assert.equal(footer.durationMs, 131);
    assert.equal(footer.inputTokens, 10);
    assert.equal(footer.outputTokens, 5);
    assert.equal(footer.costUsd, 0.000175);
  });

  it('02 partial messages: text grows live under one id, then the assistant line finalises it', () => {
    const reducer = new TranscriptReducer();
    const texts: string[] = [];
    for (const msg of loadCapture('02-oneshot-partial-messages.ndjson')) {
      for (const item of reducer.apply(msg).upserts) if (item.kind === 'assistant') texts.push(`${item.id}|${item.text}|${item.streaming}`);
    }
    assert.deepEqual(texts, [
      'a:msg_fake_1:0|Hello |true',
      'a:msg_fake_1:0|Hello from |true',
      'a:msg_fake_1:0|Hello from fake |true',
      'a:msg_fake_1:0|Hello from fake #1|true',
      'a:msg_fake_1:0|Hello from fake #1|false',
    ]);
  });

  it('03 Bash allowed: text, a tool card that completes with its output, more text', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('03-tool-use-bash-allowed.ndjson')).upserts;
    assert.deepEqual(kinds(items), ['assistant', 'tool', 'assistant', 'footer']);
    const tool = only(items, 'tool')[0];
    assert.equal(tool.name, 'Bash');
    assert.equal(tool.command, 'echo hi');
    assert.equal(tool.summary, 'echo hi');
    assert.equal(tool.status, 'done');
    assert.equal(tool.result, 'hi');
    assert.equal(tool.canDiff, false);
  });

  it('04 Write denied in default mode: the card is marked denied and can show a diff', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('04-tool-use-write-denied-default.ndjson')).upserts;
    const tool = only(items, 'tool')[0];
    assert.equal(tool.status, 'denied');
    assert.equal(tool.filePath, '/home/dev/work/proj2/out.txt');
    assert.equal(tool.canDiff, true);
    assert.match(tool.result ?? '', /haven't granted it yet/);
  });

  it('05 tool use with partial messages: the card appears while streaming and keeps its id', () => {
    const reducer = new TranscriptReducer();
    const statuses: string[] = [];
    for (const msg of loadCapture('05-tool-use-partial-messages.ndjson')) {
      for (const item of reducer.apply(msg).upserts) if (item.kind === 'tool') statuses.push(`${item.id}|${item.summary}|${item.status}`);
    }
    assert.deepEqual(statuses, ['tool:toolu_bash_1||running', 'tool:toolu_bash_1|echo hi|running', 'tool:toolu_bash_1|echo hi|done']);
    assert.deepEqual(kinds(reducer.items()), ['assistant', 'tool', 'assistant', 'footer']);
  });

  it('06 multi-turn: one footer per turn', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('06-streaming-input-multiturn.ndjson')).upserts;
    assert.deepEqual(kinds(items), ['assistant', 'footer', 'assistant', 'footer']);
  });

  it('07 interrupt, set_model echoes: partial text kept, an interrupt marker, model notices, no error banner', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('07-control-initialize-interrupt-setmode.ndjson')).upserts;
    assert.deepEqual(kinds(items), ['assistant', 'interrupted', 'footer', 'notice', 'notice', 'assistant', 'footer']);
    assert.equal(only(items, 'assistant')[0].text, 'word0 word1 word2 ');
    assert.equal(only(items, 'interrupted')[0].text, 'Interrupted');
    assert.deepEqual(only(items, 'notice').map((n) => n.text), ['Set model to claude-sonnet-4-5', 'Set model to not-a-real-model-xyz']);
    assert.equal(only(items, 'footer')[0].isError, true);
    assert.equal(only(items, 'footer')[0].terminalReason, 'aborted_streaming');
  });

  it('08 permission prompts: allowed, denied, failed allow, interrupted', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('08-permission-prompt-stdio.ndjson')).upserts;
    const perms = only(items, 'permission');
    assert.deepEqual(perms.map((p) => `${p.toolName}:${p.status}`), ['Bash:allowed', 'Write:denied', 'Write:denied', 'Bash:denied']);
    assert.equal(perms[0].command, "python3 -c 'print(42)'");
    assert.equal(perms[0].decisionReason, 'This command requires approval');
    assert.equal(perms[1].canDiff, true);
    assert.deepEqual(only(items, 'tool').map((t) => t.status), ['done', 'denied', 'denied', 'denied']);
    assert.equal(only(items, 'interrupted')[0].text, 'Interrupted during tool use');
    // Each permission card follows its tool card.
    const order = items.filter((i) => i.kind === 'tool' || i.kind === 'permission').map((i) => i.kind);
    assert.deepEqual(order, ['tool', 'permission', 'tool', 'permission', 'tool', 'permission', 'tool', 'permission']);
  });

  it('09 529 with default retries: one retry line updated in place, then an error with Retry and an error footer', () => {
    const reducer = new TranscriptReducer();
    const retryTexts: string[] = [];
    for (const msg of loadCapture('09-api-error-529-default-retries.ndjson')) {
      for (const item of reducer.apply(msg).upserts) if (item.kind === 'retry') retryTexts.push(item.text);
    }
    assert.equal(retryTexts.length, 10);
    assert.equal(retryTexts[0], 'Retrying in 0.6 s (attempt 1 of 10): overloaded');
    assert.equal(retryTexts[6], 'Retrying in 35 s (attempt 7 of 10): overloaded');
    const items = reducer.items();
    assert.deepEqual(kinds(items), ['retry', 'error', 'footer']);
    const error = only(items, 'error')[0];
    assert.match(error.message, /^API Error: 529 Overloaded/);
    assert.deepEqual(error.action, { label: 'Retry' });
    assert.equal(reducer.errorAction(error.id), 'retry');
    assert.equal(only(items, 'footer')[0].isError, true);
  });

  it('10 529 with two retries: the retry line shows the last attempt', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('10-api-error-529-max-retries-2.ndjson')).upserts;
    assert.equal(only(items, 'retry')[0].text, 'Retrying in 1.1 s (attempt 2 of 2): overloaded');
    assert.equal(only(items, 'retry')[0].errorStatus, 529);
  });

  it('11 interrupt mid-stream then a new turn', () => {
    const items = new TranscriptReducer().applyAll(loadCapture('11-interrupt.ndjson')).upserts;
    assert.deepEqual(kinds(items), ['assistant', 'interrupted', 'footer', 'assistant', 'footer']);
    assert.equal(only(items, 'assistant')[1].text, 'After the interrupt.');
  });
});
