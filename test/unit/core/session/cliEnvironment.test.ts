import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../../src/core/errors/cliError';
import { resolveCliEnvironment } from '../../../../src/core/session/cliEnvironment';

describe('resolveCliEnvironment', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'aicode-cli-env-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string, mode = 0o755): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, mode);
    return file;
  }
  const env = { PATH: '/usr/bin:/bin' };
  async function failure(p: Promise<unknown>): Promise<CliError> {
    const err = await p.then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof CliError, `expected a CliError, got ${String(err)}`);
    return err;
  }

  it('finds the configured binary and reads its features from --version', async () => {
    const bin = script('claude-ok', 'echo "2.1.197 (Claude Code)"');
    const cli = await resolveCliEnvironment(bin, env);
    assert.equal(cli.binary, bin);
    assert.equal(cli.source, 'setting');
    assert.equal(cli.features.version.raw, '2.1.197');
    assert.equal(cli.features.stdioPermissionPrompts, true);
  });

  it('searches PATH when no path is configured', async () => {
    script('claude', 'echo "2.1.197 (Claude Code)"');
    const cli = await resolveCliEnvironment('', { PATH: dir, HOME: dir });
    assert.equal(cli.binary, join(dir, 'claude'));
    assert.equal(cli.source, 'PATH');
  });

  it('names each failure: not found, not executable, no version, too old', async () => {
    assert.equal((await failure(resolveCliEnvironment(join(dir, 'missing'), env))).kind, 'cliNotFound');
    // Searching also looks in fixed places (/usr/local/bin…): only meaningful where no claude is installed there.
    if (!['/usr/local/bin/claude', '/usr/bin/claude', '/opt/homebrew/bin/claude'].some((f) => existsSync(f))) {
      const notFound = await failure(resolveCliEnvironment('', { PATH: join(dir, 'empty'), HOME: join(dir, 'nohome') }));
      assert.equal(notFound.kind, 'cliNotFound');
      assert.ok(Array.isArray(notFound.details.searched));
    }
    assert.equal((await failure(resolveCliEnvironment(script('claude-noexec', 'true', 0o644), env))).kind, 'cliNotExecutable');
    const silent = await failure(resolveCliEnvironment(script('claude-silent', 'echo hello'), env));
    assert.equal(silent.kind, 'cliNotExecutable');
    assert.match(silent.message, /did not report its version/);
    const old = await failure(resolveCliEnvironment(script('claude-old', 'echo "1.0.3 (Claude Code)"'), env));
    assert.equal(old.kind, 'cliTooOld');
    assert.equal(old.details.version, '1.0.3');
  });
});
