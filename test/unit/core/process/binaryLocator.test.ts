import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExecutable, knownLocations, locateClaude } from '../../../../src/core/process/binaryLocator';

describe('locateClaude', () => {
  let root: string;
  let home: string;
  const exe = (dir: string, name = 'claude', mode = 0o755) => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, name);
    writeFileSync(file, '#!/bin/sh\necho "2.1.197 (Claude Code)"\n');
    chmodSync(file, mode);
    return file;
  };
  // Known locations outside the temp dir (/usr/local/bin, /usr/bin, …) are not under our control: point the npm prefix
  // into the temp dir and check that nothing real is there, so "not found" is deterministic.
  const env = (PATH: string) => ({ PATH, NPM_CONFIG_PREFIX: join(root, 'npm-prefix') });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'aicode-locate-'));
    home = join(root, 'home');
    mkdirSync(home);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  before(async function () {
    for (const p of knownLocations({}, 'linux', '/nonexistent-home')) {
      if (!(await checkExecutable(p, 'linux'))) this.skip(); // a real claude is installed system-wide: the search would find it
    }
  });

  it('uses the setting when given, even if PATH has another one', async () => {
    const configured = exe(join(root, 'custom'));
    exe(join(root, 'bin'));
    assert.deepEqual(await locateClaude({ configuredPath: ` ${configured} `, env: env(join(root, 'bin')), homeDir: home, platform: 'linux' }), { ok: true, path: configured, source: 'setting' });
  });

  it('expands ~ in the setting', async () => {
    const file = exe(join(home, 'tools'));
    assert.deepEqual(await locateClaude({ configuredPath: '~/tools/claude', env: env(''), homeDir: home, platform: 'linux' }), { ok: true, path: file, source: 'setting' });
  });

  it('reports a configured path that does not exist or cannot run, instead of searching', async () => {
    exe(join(root, 'bin'));
    const missing = await locateClaude({ configuredPath: join(root, 'nope'), env: env(join(root, 'bin')), homeDir: home, platform: 'linux' });
    assert.deepEqual(missing, { ok: false, kind: 'notExecutable', path: join(root, 'nope'), reason: 'no such file' });
    const plain = exe(join(root, 'plain'), 'claude', 0o644);
    const notExec = await locateClaude({ configuredPath: plain, env: env(''), homeDir: home, platform: 'linux' });
    assert.equal(notExec.ok, false);
    assert.equal(!notExec.ok && notExec.kind, 'notExecutable');
    assert.match(!notExec.ok && notExec.kind === 'notExecutable' ? notExec.reason : '', /not executable/);
    const dir = await locateClaude({ configuredPath: root, env: env(''), homeDir: home, platform: 'linux' });
    assert.deepEqual(dir, { ok: false, kind: 'notExecutable', path: root, reason: 'not a file' });
  });

  it('searches PATH in order and skips entries that are not executable files', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    const c = join(root, 'c');
    exe(a, 'claude', 0o644); // not executable
    mkdirSync(join(b, 'claude'), { recursive: true }); // a directory
    const good = exe(c);
    const later = exe(join(root, 'd'));
    const found = await locateClaude({ env: env([join(root, 'empty'), a, b, c, join(root, 'd')].join(':')), homeDir: home, platform: 'linux' });
    assert.deepEqual(found, { ok: true, path: good, source: 'PATH' });
    assert.notEqual(found.ok && found.path, later);
  });

  it('falls back to the known install locations', async () => {
    const local = exe(join(home, '.local', 'bin'));
    assert.deepEqual(await locateClaude({ env: env(join(root, 'empty')), homeDir: home, platform: 'linux' }), { ok: true, path: local, source: 'known location' });
    rmSync(local);
    const npm = exe(join(root, 'npm-prefix', 'bin'));
    assert.deepEqual(await locateClaude({ env: env(''), homeDir: home, platform: 'linux' }), { ok: true, path: npm, source: 'known location' });
  });

  it('reports every place it searched when nothing is found', async () => {
    const result = await locateClaude({ env: env(`${join(root, 'x')}:${join(root, 'y')}`), homeDir: home, platform: 'linux' });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.kind === 'notFound');
    const searched = !result.ok && result.kind === 'notFound' ? result.searched : [];
    assert.deepEqual(searched.slice(0, 3), [join(root, 'x', 'claude'), join(root, 'y', 'claude'), join(home, '.local', 'bin', 'claude')]);
    assert.ok(searched.includes(join(root, 'npm-prefix', 'bin', 'claude')));
  });

  it('on Windows refuses a .cmd/.bat shim (it needs a shell) and only looks for claude.exe', async () => {
    const cmd = exe(join(root, 'win'), 'claude.cmd');
    const refused = await locateClaude({ configuredPath: cmd, env: env(''), homeDir: home, platform: 'win32' });
    assert.deepEqual(refused, { ok: false, kind: 'notExecutable', path: cmd, reason: 'a .cmd/.bat shim needs a shell; point aicode.cli.path at claude.exe' });
    assert.match(String(await checkExecutable(join(root, 'x.BAT'), 'win32')), /shim needs a shell/);
    const found = await locateClaude({ env: { Path: join(root, 'win') }, homeDir: home, platform: 'win32' });
    assert.equal(found.ok, false, 'claude.cmd on PATH is not a candidate');
    assert.ok(!found.ok && found.kind === 'notFound' && found.searched[0] === join(root, 'win', 'claude.exe'));
    const exePath = exe(join(root, 'win'), 'claude.exe', 0o644); // no x bit needed on Windows
    assert.deepEqual(await locateClaude({ env: { Path: `${join(root, 'none')};${join(root, 'win')}` }, homeDir: home, platform: 'win32' }), { ok: true, path: exePath, source: 'PATH' });
  });

  it('lists the Windows known locations under APPDATA', () => {
    const list = knownLocations({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32', 'C:\\Users\\me');
    assert.ok(list.every((p) => p.endsWith('claude.exe')));
    assert.ok(list.some((p) => p.startsWith('C:\\Users\\me\\AppData\\Roaming')));
  });
});
