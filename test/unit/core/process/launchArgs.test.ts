import { strict as assert } from 'node:assert';
import { buildLaunchArgs, validateMcpConfig } from '../../../../src/core/process/launchArgs';
import { ConfigError, configKey, isPermissionMode, isUuid, SessionConfig } from '../../../../src/core/process/sessionConfig';
import { featuresFor, parseVersion, VersionFeatures } from '../../../../src/core/process/versionAdapter';

const features = featuresFor(parseVersion('2.1.197 (Claude Code)')!);
const BASE = ['-p', '--input-format=stream-json', '--output-format=stream-json', '--verbose', '--include-partial-messages', '--permission-prompt-tool=stdio'];
const UUID_A = '11111111-2222-4333-8444-555555555555';
const UUID_B = '99999999-2222-4333-8444-555555555555';

/** The args after the fixed stream-json prefix. */
const tail = (config: SessionConfig, target = {}, f: VersionFeatures = features) => {
  const args = buildLaunchArgs(config, target, f);
  assert.deepEqual(args.slice(0, BASE.length), BASE);
  return args.slice(BASE.length);
};

function configError(fn: () => unknown, setting: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.setting === setting && message.test(e.message));
}

describe('buildLaunchArgs', () => {
  it('always starts with the stream-json wire format, partial messages and stdio permission prompts', () => {
    assert.deepEqual(buildLaunchArgs({}, {}, features), BASE);
  });

  it('leaves out features the CLI version lacks', () => {
    const old = { ...features, includePartialMessages: false, stdioPermissionPrompts: false };
    assert.deepEqual(buildLaunchArgs({}, {}, old), BASE.slice(0, 4));
  });

  it('maps every config field to --flag=value', () => {
    const config: Required<SessionConfig> = {
      model: 'claude-sonnet-4-5',
      systemPrompt: 'CUSTOM SYSTEM PROMPT XYZ',
      appendSystemPrompt: 'APPENDED RULE QQQ',
      maxTurns: 3,
      permissionMode: 'acceptEdits',
      allowedTools: ['Read', 'Bash(npm test:*)'],
      disallowedTools: ['WebFetch', 'Bash(rm:*)'],
      additionalDirectories: ['/tmp/extra dir', '/srv/b'],
      mcpConfig: '/home/me/mcp.json',
      extraArgs: ['--effort=low'],
    };
    assert.deepEqual(tail(config), [
      '--model=claude-sonnet-4-5',
      '--system-prompt=CUSTOM SYSTEM PROMPT XYZ',
      '--append-system-prompt=APPENDED RULE QQQ',
      '--max-turns=3',
      '--permission-mode=acceptEdits',
      '--allowedTools=Read',
      '--allowedTools=Bash(npm test:*)',
      '--disallowedTools=WebFetch',
      '--disallowedTools=Bash(rm:*)',
      '--add-dir=/tmp/extra dir',
      '--add-dir=/srv/b',
      '--mcp-config=/home/me/mcp.json',
      '--effort=low',
    ]);
  });

  it('keeps a value that starts with "-" attached to its flag', () => {
    assert.deepEqual(tail({ model: '-x', systemPrompt: '--dangerously-skip-permissions', allowedTools: ['-p'] }), ['--model=-x', '--system-prompt=--dangerously-skip-permissions', '--allowedTools=-p']);
  });

  it('passes multi-line prompts and shell metacharacters through untouched (no shell anywhere)', () => {
    const prompt = 'line 1\nline 2 $(rm -rf /) `x` "q" \'s\' ; | &';
    assert.deepEqual(tail({ systemPrompt: prompt }), [`--system-prompt=${prompt}`]);
  });

  it('omits empty values, default permission mode and maxTurns 0, and trims list entries', () => {
    assert.deepEqual(tail({ model: '  ', systemPrompt: '', appendSystemPrompt: '   ', maxTurns: 0, permissionMode: 'default', allowedTools: ['  ', ' Read '], disallowedTools: [], additionalDirectories: [''], mcpConfig: '  ' }), ['--allowedTools=Read']);
    assert.deepEqual(tail({ model: ' sonnet ' }), ['--model=sonnet']);
  });

  it('refuses reserved flags in extraArgs, with or without a value', () => {
    for (const flag of ['-p', '--print', '--input-format=text', '--output-format', '--output-format=json', '--verbose', '--permission-prompt-tool=mcp__x', '--include-partial-messages', '--resume=abc', '--continue', '-c', '-r', '--fork-session', '--session-id=' + UUID_A]) {
      configError(() => buildLaunchArgs({ extraArgs: [flag] }, {}, features), 'aicode.cli.extraArgs', new RegExp(`may not contain ${flag.split('=')[0]}`));
    }
  });

  it('passes other extraArgs through as given, in order', () => {
    assert.deepEqual(tail({ extraArgs: ['--effort', 'low', '--fallback-model=claude-sonnet-4-5'] }), ['--effort', 'low', '--fallback-model=claude-sonnet-4-5']);
  });

  it('refuses non-string extraArgs', () => {
    configError(() => buildLaunchArgs({ extraArgs: [42 as unknown as string] }, {}, features), 'aicode.cli.extraArgs', /list of strings/);
  });

  it('validates maxTurns and permissionMode', () => {
    for (const bad of [-1, 1.5, Number.NaN]) configError(() => buildLaunchArgs({ maxTurns: bad }, {}, features), 'aicode.session.maxTurns', /whole number/);
    configError(() => buildLaunchArgs({ permissionMode: 'nonsense' as never }, {}, features), 'aicode.session.permissionMode', /Unknown permission mode "nonsense"/);
  });

  it('refuses an argument the OS cannot pass (Linux: 128 KiB per argument), naming the setting, instead of spawn throwing E2BIG', () => {
    const big = 'x'.repeat(140 * 1024);
    configError(() => buildLaunchArgs({ systemPrompt: big }, {}, features), 'aicode.session.systemPrompt', /too long/);
    configError(() => buildLaunchArgs({ appendSystemPrompt: big }, {}, features), 'aicode.session.appendSystemPrompt', /too long/);
    configError(() => buildLaunchArgs({ mcpConfig: JSON.stringify({ mcpServers: { a: { command: big } } }) }, {}, features), 'aicode.session.mcpConfig', /too long/);
    configError(() => buildLaunchArgs({ extraArgs: [`--settings=${big}`] }, {}, features), 'aicode.cli.extraArgs', /too long/);
    // Multi-byte text counts in bytes: 50 000 Hangul syllables are 150 000 bytes.
    configError(() => buildLaunchArgs({ systemPrompt: '한'.repeat(50_000) }, {}, features), 'aicode.session.systemPrompt', /too long/);
    const fits = 'y'.repeat(100 * 1024);
    assert.deepEqual(tail({ systemPrompt: fits }), [`--system-prompt=${fits}`]);
  });

  describe('mcpConfig', () => {
    it('passes a path through and normalises inline JSON', () => {
      assert.deepEqual(tail({ mcpConfig: 'mcp.json' }), ['--mcp-config=mcp.json']);
      const inline = ' { "mcpServers": { "echo": { "command": "node", "args": ["s.js"] } } } ';
      assert.deepEqual(tail({ mcpConfig: inline }), ['--mcp-config={"mcpServers":{"echo":{"command":"node","args":["s.js"]}}}']);
    });

    it('invalid inline JSON is a ConfigError (the CLI would read it as a missing file and exit 1)', () => {
      configError(() => buildLaunchArgs({ mcpConfig: '{not json' }, {}, features), 'aicode.session.mcpConfig', /not valid JSON/);
      configError(() => validateMcpConfig('{"servers":{}}'), 'aicode.session.mcpConfig', /"mcpServers" object/);
      configError(() => validateMcpConfig('{"mcpServers":[]}'), 'aicode.session.mcpConfig', /"mcpServers" object/);
      configError(() => validateMcpConfig('{"mcpServers":null}'), 'aicode.session.mcpConfig', /"mcpServers" object/);
    });
  });

  describe('resume, fork and session id', () => {
    it('resumes, forks and chooses ids', () => {
      assert.deepEqual(tail({}, { resume: UUID_A }), [`--resume=${UUID_A}`]);
      assert.deepEqual(tail({}, { resume: UUID_A, fork: true }), [`--resume=${UUID_A}`, '--fork-session']);
      assert.deepEqual(tail({}, { resume: UUID_A, fork: true, sessionId: UUID_B }), [`--resume=${UUID_A}`, '--fork-session', `--session-id=${UUID_B}`]);
      assert.deepEqual(tail({}, { sessionId: UUID_B }), [`--session-id=${UUID_B}`]);
      assert.deepEqual(tail({}, { fork: true }), [], 'fork without resume means nothing');
    });

    it('refuses ids that are not UUIDs (the CLI exits 1 on them)', () => {
      configError(() => buildLaunchArgs({}, { resume: 'not-a-uuid' }, features), 'resume', /is a UUID/);
      configError(() => buildLaunchArgs({}, { resume: `--${UUID_A}` }, features), 'resume', /is a UUID/);
      configError(() => buildLaunchArgs({}, { sessionId: 'nope' }, features), 'sessionId', /not a UUID/);
    });

    it('refuses choosing an id while resuming without a fork (the CLI says "already in use")', () => {
      configError(() => buildLaunchArgs({}, { resume: UUID_A, sessionId: UUID_B }, features), 'sessionId', /new or forked/);
    });

    it('resumes up to an entry (a retry from before a failed prompt), only when resuming and only as a UUID', () => {
      assert.deepEqual(tail({}, { resume: UUID_A, resumeAt: UUID_B }), [`--resume=${UUID_A}`, `--resume-session-at=${UUID_B}`]);
      assert.deepEqual(tail({}, { resume: UUID_A, resumeAt: UUID_B }, { ...features, resumeSessionAt: false }), [`--resume=${UUID_A}`], 'an older CLI resumes the whole conversation');
      configError(() => buildLaunchArgs({}, { resume: UUID_A, resumeAt: '--model=x' }, features), 'resumeAt', /is a UUID/);
      configError(() => buildLaunchArgs({}, { resumeAt: UUID_B }, features), 'resumeAt', /needs a conversation/);
      configError(() => buildLaunchArgs({ extraArgs: [`--resume-session-at=${UUID_B}`] }, {}, features), 'aicode.cli.extraArgs', /may not contain --resume-session-at/);
    });

    it('refuses a fork when the CLI cannot fork', () => {
      configError(() => buildLaunchArgs({}, { resume: UUID_A, fork: true }, { ...features, forkSession: false }), 'fork', /cannot fork/);
    });
  });
});

describe('sessionConfig', () => {
  it('configKey is stable: equal for equivalent configs, different when a launch-relevant field differs', () => {
    const a: SessionConfig = { model: 'sonnet', allowedTools: ['Read'], permissionMode: 'acceptEdits' };
    const b: SessionConfig = { permissionMode: 'acceptEdits', allowedTools: ['Read'], model: 'sonnet' };
    assert.equal(configKey(a), configKey(b), 'key order does not matter');
    assert.equal(configKey(a), configKey({ ...a }), 'same input, same key');
    assert.equal(configKey({}), configKey({ model: '', systemPrompt: '', maxTurns: 0, permissionMode: 'default', allowedTools: [], disallowedTools: [], additionalDirectories: [], mcpConfig: ' ', extraArgs: [] }), 'empty values equal defaults');
    const variants: SessionConfig[] = [
      { ...a, model: 'opus' },
      { ...a, systemPrompt: 'x' },
      { ...a, appendSystemPrompt: 'x' },
      { ...a, maxTurns: 2 },
      { ...a, permissionMode: 'plan' },
      { ...a, allowedTools: ['Read', 'Bash'] },
      { ...a, disallowedTools: ['Read'] },
      { ...a, additionalDirectories: ['/x'] },
      { ...a, mcpConfig: 'mcp.json' },
      { ...a, extraArgs: ['--effort=low'] },
    ];
    const keys = new Set([configKey(a), ...variants.map(configKey)]);
    assert.equal(keys.size, variants.length + 1, 'every field is part of the key');
  });

  it('isUuid and isPermissionMode', () => {
    assert.equal(isUuid(UUID_A), true);
    assert.equal(isUuid(UUID_A.toUpperCase()), true);
    assert.equal(isUuid(`${UUID_A}x`), false);
    assert.equal(isPermissionMode('acceptEdits'), true);
    assert.equal(isPermissionMode('nonsense'), false);
    assert.equal(isPermissionMode(undefined), false);
  });
});
