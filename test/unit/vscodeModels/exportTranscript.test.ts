import { strict as assert } from 'node:assert';
import { exportEntries } from '../../../src/vscode/export/exportEntries';
import { ExportMeta, exportFileName, fenced, toJson, toMarkdown } from '../../../src/vscode/export/formatTranscript';
import { loadConversation, withResults } from '../../../src/vscode/export/loadConversation';
import { CliMessage } from '../../../src/core/stream/cliMessages';
import { assistant, capture, info, result, toolResult, toolUse, user } from './messages';

const meta: ExportMeta = { title: 'Fix the build', folder: '/home/dev/proj', cliSessionId: 'c-1', model: 'opus', exportedAt: '2026-01-01T00:00:00.000Z' };

describe('export: entries from CLI messages', () => {
  it('keeps prompts, answers, tool calls with full inputs and results, and turn costs', () => {
    const entries = exportEntries(capture('03-tool-use-bash-allowed.ndjson'));
    assert.deepEqual(entries.map((e) => e.type), ['assistant', 'tool', 'assistant', 'turn']);
    const tool = entries[1];
    assert.ok(tool.type === 'tool');
    assert.deepEqual(tool.input, { command: 'echo hi', description: 'Run command' });
    assert.equal(tool.result, 'hi');
    assert.equal(tool.status, 'done');
    const turn = entries[3];
    assert.ok(turn.type === 'turn' && turn.isError === false);
  });

  it('shows a denied write as denied', () => {
    const tool = exportEntries(capture('04-tool-use-write-denied-default.ndjson')).find((e) => e.type === 'tool');
    assert.equal(tool?.type === 'tool' && tool.status, 'denied');
  });

  it('ignores stream deltas and keeps our own prompt echo as the user turn', () => {
    const msgs = [...capture('05-tool-use-partial-messages.ndjson')];
    const withPrompt: CliMessage[] = [user('do the thing', { aicode_prompt: true }), ...msgs];
    const entries = exportEntries(withPrompt);
    assert.equal(entries[0].type, 'user');
    assert.equal(entries.filter((e) => e.type === 'tool').length, 1);
  });

  it('records an interrupt as a note', () => {
    const entries = exportEntries(capture('11-interrupt.ndjson'));
    assert.ok(entries.some((e) => e.type === 'note' && /Interrupted/.test(e.text)));
  });
});

describe('export: Markdown', () => {
  it('renders a readable conversation with costs', () => {
    const msgs = [user('Please run it'), toolUse('b1', 'Bash', { command: 'npm test' }), toolResult('b1', 'ok'), assistant('m2', [{ type: 'text', text: 'All green.' }]), result({ total_cost_usd: 0.0312, duration_ms: 4200, usage: { input_tokens: 1200, output_tokens: 80 } })];
    const md = toMarkdown({ ...meta, totals: { costUsd: 0.0312, inputTokens: 1200, outputTokens: 80, turns: 1 } }, exportEntries(msgs));
    assert.match(md, /^# Fix the build\n/);
    assert.match(md, /- Turns: 1 · cost \$0\.03 · tokens 1\.2k in \/ 80 out/);
    assert.match(md, /## You\n\nPlease run it/);
    assert.match(md, /\*\*Tool: Bash\*\* — done — `npm test`/);
    assert.match(md, /```json\n\{\n {2}"command": "npm test"\n\}\n```/);
    assert.match(md, /Result:\n\n```text\nok\n```/);
    assert.match(md, /## You\n\nPlease run it\n\n## Claude\n\n\*\*Tool: Bash\*\*/);
    assert.match(md, /```\n\nAll green\.\n\n_Turn done/);
    assert.equal((md.match(/## Claude/g) ?? []).length, 1, 'one heading per reply');
    assert.match(md, /_Turn done · \$0\.03 · 1\.2k in \/ 80 out · 4\.2 s_/);
  });

  it('fences tool output so a backtick run inside cannot close the block', () => {
    assert.deepEqual(fenced('a ```` b', 'text'), ['`````text', 'a ```` b', '`````']);
    assert.deepEqual(fenced('plain\n', 'text'), ['```text', 'plain', '```']);
  });

  it('masks key-shaped secrets', () => {
    const md = toMarkdown(meta, exportEntries([user('my key is sk-ant-api03-abcdefghijklmnop')]));
    assert.ok(!md.includes('sk-ant-api03-abcdefghijklmnop'));
    assert.match(md, /«redacted»/);
  });
});

describe('export: JSON', () => {
  it('is valid JSON with the session and entries, secrets masked in every string', () => {
    const entries = exportEntries([toolUse('b1', 'Bash', { command: 'curl -H "x-api-key: sk-ant-api03-abcdefghijklmnop"' }), toolResult('b1', 'done')]);
    const parsed = JSON.parse(toJson(meta, entries)) as { format: string; session: ExportMeta; entries: { type: string; input?: { command: string } }[] };
    assert.equal(parsed.format, 'aicode-transcript');
    assert.equal(parsed.session.title, 'Fix the build');
    assert.equal(parsed.entries[0].type, 'tool');
    assert.ok(!parsed.entries[0].input?.command.includes('sk-ant-api03'));
  });

  it('derives a safe file name from an untrusted title', () => {
    assert.equal(exportFileName('Fix ../../etc/passwd: now!', 'markdown'), 'fix-etc-passwd-now.md');
    assert.equal(exportFileName('???', 'json'), 'claude-session.json');
  });
});

describe('export: where the messages come from', () => {
  it('prefers the transcript file and keeps the live turn footers after their turn', async () => {
    const fileMsgs = [user('hi', { uuid: 'u1' }), assistant('m1', [{ type: 'text', text: 'hello' }], { uuid: 'a1' })];
    const live = [user('hi', { uuid: 'local', aicode_prompt: true }), assistant('m1', [{ type: 'text', text: 'hello' }], { uuid: 'a1' }), result({ total_cost_usd: 0.5 })];
    const loaded = await loadConversation({ kind: 'session', info: info({ cliSessionId: 'c-1', costUsd: 0.5, turns: 1 }), messages: () => live }, new Date(0), async () => fileMsgs);
    assert.equal(loaded.from, 'transcript');
    assert.deepEqual(loaded.messages.map((m) => m.type), ['user', 'assistant', 'result']);
    assert.equal(loaded.meta.totals?.costUsd, 0.5);
  });

  it('falls back to the session log when there is no file', async () => {
    const live = [user('hi'), result()];
    const loaded = await loadConversation({ kind: 'session', info: info({ cliSessionId: 'c-1' }), messages: () => live }, new Date(0), async () => []);
    assert.equal(loaded.from, 'session');
    assert.equal(loaded.messages, live);
  });

  it('drops results whose turn is not in the file rather than misplacing them', () => {
    const out = withResults([user('a', { uuid: 'u1' })], [assistant('m', [{ type: 'text', text: 'x' }], { uuid: 'zz' }), result()]);
    assert.deepEqual(out.map((m) => m.type), ['user']);
  });
});
