import { strict as assert } from 'node:assert';
import { redact, redactArgs, redactEnv } from '../../../../src/core/util/redact';

describe('redact', () => {
  it('masks secret-shaped strings', () => {
    const cases: [string, string][] = [
      ['key sk-ant-api03-AbCdEf123456_-xyz here', 'key «redacted» here'],
      ['sk-proj-abcdefghijklmnop1234', '«redacted»'],
      ['token ghp_abcdefghijklmnopqrstuvwxyz', 'token «redacted»'],
      ['AKIAABCDEFGHIJKLMNOP', '«redacted»'],
      ['eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4', '«redacted»'],
      ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer «redacted»'],
      ['"api_key": "abcdefghijklmnop"', '"api_key": "«redacted»"'],
    ];
    for (const [input, out] of cases) assert.equal(redact(input), out, input);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Hello from fake #1, sk-short, token=abc';
    assert.equal(redact(text), text);
  });

  it('masks extra known secrets of at least 6 characters', () => {
    assert.equal(redact('my value is hunter2!', ['hunter2']), 'my value is «redacted»!');
    assert.equal(redact('abc abc', ['abc', '']), 'abc abc', 'too short to mask safely');
  });

  it('redactEnv masks secret-named variables and secret-shaped values', () => {
    assert.deepEqual(redactEnv({ ANTHROPIC_API_KEY: 'x', CLAUDE_CODE_OAUTH_TOKEN: 'y', PATH: '/bin', NOTE: 'sk-ant-api03-AbCdEf123456', GONE: undefined }), {
      ANTHROPIC_API_KEY: '«redacted»',
      CLAUDE_CODE_OAUTH_TOKEN: '«redacted»',
      PATH: '/bin',
      NOTE: '«redacted»',
    });
  });

  it('redactArgs masks each argument', () => {
    assert.deepEqual(redactArgs(['--model=sonnet', '--settings={"apiKey":"abcdefghijklmnop"}']), ['--model=sonnet', '--settings={"apiKey":"«redacted»"}']);
  });
});
