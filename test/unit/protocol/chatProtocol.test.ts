import { strict as assert } from 'node:assert';
import { isExternalLink, Limits, parseWebviewMessage, WebviewMessage } from '../../../src/protocol/chatProtocol';

const ok = (value: unknown): WebviewMessage => {
  const r = parseWebviewMessage(value);
  if (!r.ok) assert.fail(`rejected ${JSON.stringify(value).slice(0, 80)}: ${r.error}`);
  return r.message;
};
const bad = (value: unknown, pattern?: RegExp) => {
  const r = parseWebviewMessage(value);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(value)?.slice(0, 80)}`);
  if (pattern && !r.ok) assert.match(r.error, pattern);
};

describe('parseWebviewMessage', () => {
  it('accepts every well-formed message and strips unknown fields', () => {
    const valid: WebviewMessage[] = [
      { type: 'ready' },
      { type: 'send', text: 'hi', images: [] },
      { type: 'send', text: '', images: [{ mediaType: 'image/png', base64: 'iVBORw0KGgo=' }] },
      { type: 'interrupt' },
      { type: 'answerPermission', requestId: 'r1', answer: 'allow' },
      { type: 'answerPermission', requestId: 'r1', answer: 'allowSession' },
      { type: 'answerPermission', requestId: 'r1', answer: 'deny', reason: 'no' },
      { type: 'setModel', model: 'claude-opus-4-8[1m]' },
      { type: 'setModel', model: 'sonnet' },
      { type: 'pickModel' },
      { type: 'setPermissionMode', mode: 'acceptEdits' },
      { type: 'editQueued', promptId: 'q1', text: 'new' },
      { type: 'removeQueued', promptId: 'q1' },
      { type: 'openFile', path: 'src/a.ts' },
      { type: 'openFile', path: '/abs/a.ts', line: 3 },
      { type: 'openDiff', toolUseId: 'toolu_1' },
      { type: 'openDiff', requestId: 'r1' },
      { type: 'insertCode', code: 'x' },
      { type: 'newFileWithCode', code: 'x', language: 'typescript' },
      { type: 'newFileWithCode', code: 'x' },
      { type: 'copyText', text: 'x' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'mentionQuery', requestId: 4, query: 'src/ma' },
      { type: 'errorAction', itemId: 'err:1' },
    ];
    for (const msg of valid) assert.deepEqual(ok({ ...msg, extra: '<script>' }), msg);
  });

  it('rejects non-objects and unknown types', () => {
    for (const v of [null, undefined, 'ready', 1, [], { type: 1 }, { type: 'runCommand', command: 'x' }, { type: 'constructor' }, { type: 'toString' }, { type: '__proto__' }]) bad(v);
    bad({ type: 'nope' }, /unknown message type "nope"/);
  });

  it('rejects wrong field types, empty prompts and oversize values', () => {
    bad({ type: 'send', text: 3, images: [] }, /"text" must be a string/);
    bad({ type: 'send', text: '   ', images: [] }, /empty prompt/);
    bad({ type: 'send', text: 'x'.repeat(Limits.promptChars + 1), images: [] }, /longer than/);
    bad({ type: 'send', text: 'x', images: 'no' });
    bad({ type: 'send', text: 'x', images: [1] });
    bad({ type: 'send', text: 'x', images: [{ mediaType: 'image/svg+xml', base64: 'AA==' }] }, /mediaType/);
    bad({ type: 'send', text: 'x', images: [{ mediaType: 'image/png', base64: 'not base64!' }] }, /base64/);
    bad({ type: 'send', text: 'x', images: Array.from({ length: 11 }, () => ({ mediaType: 'image/png', base64: 'AA==' })) }, /at most/);
    bad({ type: 'answerPermission', requestId: 'r', answer: 'always' });
    bad({ type: 'answerPermission', requestId: '', answer: 'allow' }, /empty/);
    bad({ type: 'answerPermission', requestId: 'r', answer: 'deny', reason: 5 });
    bad({ type: 'setModel', model: 'sonnet; rm -rf /' }, /unexpected characters/);
    bad({ type: 'setModel', model: '--dangerously-skip-permissions' });
    bad({ type: 'setPermissionMode', mode: 'nonsense' });
    bad({ type: 'editQueued', promptId: 'q', text: '' });
    bad({ type: 'openFile', path: 'a\0b' }, /NUL/);
    bad({ type: 'openFile', path: 'a', line: 0 });
    bad({ type: 'openFile', path: 'a', line: 1.5 });
    bad({ type: 'openDiff' }, /exactly one/);
    bad({ type: 'openDiff', toolUseId: 'a', requestId: 'b' }, /exactly one/);
    bad({ type: 'openDiff', toolUseId: '' });
    bad({ type: 'newFileWithCode', code: 'x', language: 'a b' });
    bad({ type: 'mentionQuery', requestId: -1, query: 'x' });
    bad({ type: 'mentionQuery', requestId: 1, query: 'x'.repeat(501) });
    bad({ type: 'openLink', href: 'x'.repeat(Limits.hrefChars + 1) });
  });

  it('lets only http(s) links out', () => {
    assert.ok(isExternalLink('https://example.com/a?b#c'));
    assert.ok(isExternalLink('http://localhost:3000'));
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vscode://x', 'command:workbench.action.quit', '/relative', 'not a url', ' javascript:alert(1)']) {
      assert.equal(isExternalLink(href), false, href);
    }
  });
});
