import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discardFailedFirstAttempt, escapeCwd, firstPrompt, listPastSessions, readTranscript, transcriptDir, transcriptPath } from '../../../../src/core/history/transcripts';

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ID_C = '33333333-3333-4333-8333-333333333333';

const user = (content: unknown, extra: object = {}) => ({ type: 'user', message: { role: 'user', content }, uuid: 'u', ...extra });
const assistant = (text: string, extra: object = {}) => ({ type: 'assistant', message: { id: 'm', role: 'assistant', content: [{ type: 'text', text }] }, uuid: 'a', ...extra });

describe('history/transcripts', () => {
  let home: string;
  const cwd = '/home/dev/My Proj.v2';
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'aicode-transcripts-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function write(id: string, lines: (object | string)[], mtimeSec?: number): string {
    const file = transcriptPath(cwd, id, home);
    mkdirSync(transcriptDir(cwd, home), { recursive: true });
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    if (mtimeSec !== undefined) utimesSync(file, mtimeSec, mtimeSec);
    return file;
  }

  it('escapeCwd turns every non-alphanumeric character into -, as the CLI names its folders', () => {
    assert.equal(escapeCwd('/home/dev/My Proj.v2'), '-home-dev-My-Proj-v2');
    assert.equal(escapeCwd('C:\\Users\\dev\\app_1'), 'C--Users-dev-app-1');
    assert.equal(transcriptDir(cwd, '/h'), '/h/.claude/projects/-home-dev-My-Proj-v2');
    assert.equal(transcriptPath(cwd, ID_A, '/h'), `/h/.claude/projects/-home-dev-My-Proj-v2/${ID_A}.jsonl`);
  });

  it('listPastSessions: newest first, titled by the first real prompt, only uuid-named transcripts', async () => {
    write(ID_A, [{ type: 'summary', summary: 'x' }, user('<command-name>/clear</command-name>'), user('meta note', { isMeta: true }), user('[Request interrupted by user]'), user('Fix the parser\nplease'), assistant('ok')], 1_000);
    write(ID_B, [user([{ type: 'image' }, { type: 'text', text: 'What is in this picture?' }])], 3_000);
    write(ID_C, [assistant('no prompt here')], 2_000);
    writeFileSync(join(transcriptDir(cwd, home), 'notes.jsonl'), JSON.stringify(user('not a session')));
    mkdirSync(join(transcriptDir(cwd, home), '44444444-4444-4444-8444-444444444444.jsonl')); // a directory, not a file
    const past = await listPastSessions(cwd, home);
    assert.deepEqual(past.map((p) => p.id), [ID_B, ID_C, ID_A]);
    assert.deepEqual(past.map((p) => p.title), ['What is in this picture?', '(no prompt)', 'Fix the parser']);
    assert.equal(past[0].modifiedAt, 3_000_000);
    assert.ok(past[2].sizeBytes > 0);
    assert.equal(past[2].file, transcriptPath(cwd, ID_A, home));
    assert.deepEqual((await listPastSessions(cwd, home, 1)).map((p) => p.id), [ID_B], 'limit');
  });

  it('listPastSessions of a folder with no transcripts is empty', async () => {
    assert.deepEqual(await listPastSessions('/never/used', home), []);
  });

  it('readTranscript leaves out a failed attempt that was sent again from before it (--resume-session-at)', async () => {
    // The file as the CLI left it after our retry (captured from 2.1.197): the first attempt of Q1 and its API error
    // hang under A0 beside the second attempt, which the conversation goes on from.
    const e = (type: string, uuid: string, parentUuid: string | null, content: unknown, extra: object = {}) =>
      type === 'user' ? user(content, { uuid, parentUuid, ...extra }) : type === 'assistant' ? assistant(String(content), { uuid, parentUuid, ...extra }) : { type, uuid, parentUuid, ...extra };
    const file = write(ID_A, [
      e('user', 'q0', null, 'Q0'),
      e('attachment', 'at', 'q0', null),
      e('assistant', 'a0', 'at', 'A0'),
      e('user', 'q1-first', 'a0', 'Q1'),
      e('assistant', 'err', 'q1-first', 'API Error: 500', { isApiErrorMessage: true }),
      e('user', 'q1', 'a0', 'Q1'),
      e('assistant', 'a1', 'q1', 'A1'),
      e('user', 'q2', 'a1', 'Q2'),
      e('assistant', 'a2', 'q2', 'A2'),
    ]);
    const texts = (await readTranscript(file)).map((m) => (m.type === 'user' ? m.message.content : m.type === 'assistant' ? (m.message.content[0] as { text: string }).text : m.type));
    assert.deepEqual(texts, ['Q0', 'A0', 'Q1', 'A1', 'Q2', 'A2']);
  });

  it('readTranscript keeps entries that merely share a parent (tool results of parallel calls) and a file whose newest entry looks abandoned', async () => {
    const toolResult = (id: string) => [{ type: 'tool_result', tool_use_id: id, content: 'ok' }];
    const parallel = write(ID_A, [
      user('Q', { uuid: 'q', parentUuid: null }),
      assistant('calls', { uuid: 'a', parentUuid: 'q' }),
      user(toolResult('t1'), { uuid: 'r1', parentUuid: 'a' }),
      user(toolResult('t2'), { uuid: 'r2', parentUuid: 'a' }),
      assistant('done', { uuid: 'd', parentUuid: 'r2' }),
    ]);
    assert.equal((await readTranscript(parallel)).length, 5);
    // Two prompts under one parent, the newest entry below the first: not a retry we made; nothing is dropped.
    const odd = write(ID_B, [user('Q', { uuid: 'q', parentUuid: null }), user('first', { uuid: 'f', parentUuid: 'q' }), user('second', { uuid: 's', parentUuid: 'q' }), assistant('after first', { uuid: 'x', parentUuid: 'f' })]);
    assert.equal((await readTranscript(odd)).length, 4);
  });

  it('discardFailedFirstAttempt removes a transcript holding only our failed first prompt, and nothing else', async () => {
    const P = 'p-uuid';
    const failed = [{ type: 'queue-operation', operation: 'enqueue' }, user('Q', { uuid: P }), { type: 'attachment', uuid: 'at', parentUuid: P }, assistant('API Error: 529', { uuid: 'e', isApiErrorMessage: true }), { type: 'last-prompt' }];
    assert.equal(await discardFailedFirstAttempt(write(ID_A, failed), P), true);
    assert.equal(existsSync(transcriptPath(cwd, ID_A, home)), false);
    const kept: [string, (object | string)[]][] = [
      ['a real answer', [...failed, assistant('an answer', { uuid: 'a' })]],
      ['another prompt', [...failed, user('Q2', { uuid: 'q2' })]],
      ['a tool result', [user([{ type: 'tool_result', tool_use_id: 't', content: 'x' }], { uuid: P })]],
      ['someone else’s prompt', [user('Q', { uuid: 'not-ours' })]],
      ['a line that does not parse', [...failed, '{"type":']],
      ['no prompt at all', [{ type: 'queue-operation' }]],
    ];
    for (const [why, lines] of kept) {
      assert.equal(await discardFailedFirstAttempt(write(ID_B, lines), P), false, why);
      assert.ok(existsSync(transcriptPath(cwd, ID_B, home)), why);
    }
    assert.equal(await discardFailedFirstAttempt(transcriptPath(cwd, ID_C, home), P), false, 'no file');
  });

  it('readTranscript keeps the conversation: skips sidechain, meta, other types and a torn last line', async () => {
    const file = write(ID_A, [
      { type: 'summary', summary: 'x' },
      user('question'),
      user('meta', { isMeta: true }),
      assistant('sub-agent work', { isSidechain: true }),
      '',
      'not json at all',
      { type: 'user', message: { role: 'assistant', content: 'wrong role' } },
      assistant('answer'),
      { type: 'system', subtype: 'compact_boundary' },
      '{"type":"assistant","message":{"id":"m2","role":"assist',
    ]);
    const messages = await readTranscript(file);
    assert.deepEqual(
      messages.map((m) => (m.type === 'user' ? `user:${String(m.message.content)}` : m.type === 'assistant' ? `assistant:${(m.message.content[0] as { text: string }).text}` : m.type)),
      ['user:question', 'assistant:answer'],
    );
  });

  it('readTranscript of a missing file is empty', async () => {
    assert.deepEqual(await readTranscript(join(home, 'missing.jsonl')), []);
  });

  it('firstPrompt reads a bounded head of the file and clips the title', async () => {
    const long = 'x'.repeat(200);
    const file = write(ID_A, [user(long)]);
    assert.equal(await firstPrompt(file), 'x'.repeat(80));
    const late = write(ID_B, [...Array.from({ length: 5 }, () => assistant('chatter')), user('late prompt')]);
    assert.equal(await firstPrompt(late, 5), undefined, 'not found within maxLines');
    assert.equal(await firstPrompt(late, 6), 'late prompt');
    assert.equal(await firstPrompt(join(home, 'missing.jsonl')), undefined);
  });
});
