import { strict as assert } from 'node:assert';
import { buildChildEnv, isEnvName, PROCESS_MARKER_VAR, HOST_PID_VAR } from '../../../../src/core/process/childEnv';
import { buildLaunchArgs } from '../../../../src/core/process/launchArgs';
import { featuresFor, parseVersion } from '../../../../src/core/process/versionAdapter';

describe('buildChildEnv', () => {
  const base = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    NODE_OPTIONS: '--inspect=9229',
    VSCODE_INSPECTOR_OPTIONS: '{"x":1}',
    CLAUDECODE: '1',
    CLAUDE_CODE_ENTRYPOINT: 'claude-vscode',
    ELECTRON_RUN_AS_NODE: '1',
    UNDEFINED_ONE: undefined,
  };

  it('strips what would make the CLI misbehave and keeps the rest', () => {
    const env = buildChildEnv({ base, marker: 'm-1' });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/me', CLAUDE_CODE_ENTRYPOINT: 'aicode-manager', [PROCESS_MARKER_VAR]: 'm-1', [HOST_PID_VAR]: String(process.pid) });
  });

  it('never uses the claude-vscode entry point (it makes the CLI ignore ANTHROPIC_API_KEY), even via cli.env', () => {
    const env = buildChildEnv({ base, extra: { CLAUDE_CODE_ENTRYPOINT: 'claude-vscode' }, marker: 'm' });
    assert.equal(env.CLAUDE_CODE_ENTRYPOINT, 'aicode-manager');
  });

  it('adds cli.env, dropping invalid names and non-strings', () => {
    const env = buildChildEnv({ base: {}, extra: { CLAUDE_CODE_MAX_RETRIES: '2', 'BAD-NAME': 'x', '1ABC': 'x', 'A B': 'x', '': 'x', NUM: 3 as unknown as string, _ok: 'y' }, marker: 'm' });
    assert.equal(env.CLAUDE_CODE_MAX_RETRIES, '2');
    assert.equal(env._ok, 'y');
    for (const k of ['BAD-NAME', '1ABC', 'A B', '', 'NUM']) assert.equal(k in env, false, k);
  });

  it('cli.env overrides inherited variables but not the credential or the marker', () => {
    const env = buildChildEnv({ base: { FOO: 'a', ANTHROPIC_API_KEY: 'inherited' }, extra: { FOO: 'b', ANTHROPIC_API_KEY: 'from-settings', [PROCESS_MARKER_VAR]: 'spoofed' }, credential: { kind: 'apiKey', value: 'sk-secret' }, marker: 'real' });
    assert.equal(env.FOO, 'b');
    assert.equal(env.ANTHROPIC_API_KEY, 'sk-secret');
    assert.equal(env[PROCESS_MARKER_VAR], 'real');
  });

  it('passes credentials only through the environment', () => {
    const key = buildChildEnv({ base: {}, credential: { kind: 'apiKey', value: 'sk-ant-123' }, marker: 'm' });
    assert.equal(key.ANTHROPIC_API_KEY, 'sk-ant-123');
    assert.equal('CLAUDE_CODE_OAUTH_TOKEN' in key, false);
    const token = buildChildEnv({ base: {}, credential: { kind: 'oauthToken', value: 'oat-456' }, marker: 'm' });
    assert.equal(token.CLAUDE_CODE_OAUTH_TOKEN, 'oat-456');
    assert.equal('ANTHROPIC_API_KEY' in token, false);
    // The launch arguments are built from the session config alone: there is no way for a secret to reach them.
    const args = buildLaunchArgs({ model: 'sonnet' }, {}, featuresFor(parseVersion('2.1.197')!));
    assert.ok(!args.some((a) => a.includes('sk-ant-123') || a.includes('oat-456')));
  });

  it('always sets the marker', () => {
    assert.equal(buildChildEnv({ base: {}, marker: 'abc' })[PROCESS_MARKER_VAR], 'abc');
  });

  it('isEnvName', () => {
    assert.equal(isEnvName('PATH'), true);
    assert.equal(isEnvName('_x1'), true);
    assert.equal(isEnvName('1x'), false);
    assert.equal(isEnvName('A=B'), false);
  });
});
