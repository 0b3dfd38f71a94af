// Rows: the CLI binary is missing or not executable, found when the path is resolved (aicode.cli.path) or only when
// spawning (it vanished or lost its x bit after it was resolved). Fixing the binary makes the next send work.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCliEnvironment } from '../../../src/core/session/cliEnvironment';
import { text } from '../../fixtures/fakeApi';
import { claudeBinary, useFakeApiSandbox } from '../harness';
import { assertApiSaw, cliAt, makeResilienceManager, rejectionOf, ResilienceFixture, visible } from './resilienceFixture';

describe('resilience: the CLI binary (real CLI)', function () {
  this.timeout(30_000);
  const t = useFakeApiSandbox();
  let f: ResilienceFixture | undefined;
  afterEach(async () => {
    await f?.manager.shutdown();
    f = undefined;
  });

  it('binary missing at aicode.cli.path: cliNotFound with "Open Settings"; pointing it at the CLI makes the next send work', async () => {
    let configured = join(t.sandbox.root, 'nowhere', 'claude');
    f = makeResilienceManager(t.sandbox, { cli: () => resolveCliEnvironment(configured, t.sandbox.env()) });
    t.api.enqueue(text('found it'));
    const session = f.manager.create({ folder: f.folder });
    const err = await rejectionOf(session.send('hello?'));
    assert.equal(err.kind, 'cliNotFound');
    assert.match(err.message, /not found at .*nowhere\/claude/);
    assert.deepEqual(visible(session), { state: 'failed', kind: 'cliNotFound', message: err.message, action: 'Open Settings' });
    assert.equal(t.api.requests.length, 0);

    configured = claudeBinary();
    const r = await session.send('hello again');
    assert.equal(r.text, 'found it');
    assert.equal(session.info.state, 'idle');
  });

  it('binary missing on PATH: cliNotFound with "How to Install"', async () => {
    const bin = join(t.sandbox.root, 'bin');
    mkdirSync(bin);
    const env = t.sandbox.env({ PATH: bin });
    f = makeResilienceManager(t.sandbox, { cli: () => resolveCliEnvironment(undefined, { ...env, HOME: t.sandbox.home }) });
    t.api.enqueue(text('installed now'));
    const session = f.manager.create({ folder: f.folder });
    const err = await rejectionOf(session.send('hello?'));
    assert.equal(err.kind, 'cliNotFound');
    assert.equal(err.message, 'The Claude Code CLI (`claude`) was not found.');
    assert.equal(visible(session).action, 'How to Install');
    symlinkSync(claudeBinary(), join(bin, 'claude')); // "installed"
    assert.equal((await session.send('hello again')).text, 'installed now');
  });

  it('binary too old: cliTooOld naming the version needed, with "How to Install"', async () => {
    let configured = join(t.sandbox.root, 'old-claude');
    writeFileSync(configured, '#!/bin/sh\necho "1.0.44 (Claude Code)"\n', { mode: 0o755 });
    f = makeResilienceManager(t.sandbox, { cli: () => resolveCliEnvironment(configured, t.sandbox.env()) });
    t.api.enqueue(text('updated'));
    const session = f.manager.create({ folder: f.folder });
    const err = await rejectionOf(session.send('hello?'));
    assert.equal(err.kind, 'cliTooOld');
    assert.match(err.message, /Claude Code 1\.0\.44 is too old: AICode Manager needs 2\.0\.0 or newer/);
    assert.deepEqual(visible(session), { state: 'failed', kind: 'cliTooOld', message: err.message, action: 'How to Install' });
    configured = claudeBinary(); // "updated"
    assert.equal((await session.send('hello again')).text, 'updated');
  });

  it('binary vanished after it was resolved (spawn ENOENT): cliNotFound; restoring it resumes the conversation', async () => {
    const link = join(t.sandbox.root, 'claude-link');
    symlinkSync(claudeBinary(), link);
    f = makeResilienceManager(t.sandbox, { cli: cliAt(() => link) });
    t.api.enqueue(text('kiwi noted'), text('still here'));
    const session = f.manager.create({ folder: f.folder });
    await session.send('remember the word kiwi');
    await session.park(); // its process ends (as after a reload); the next prompt needs a new one
    unlinkSync(link);

    const err = await rejectionOf(session.send('are you there?'));
    assert.equal(err.kind, 'cliNotFound');
    assert.deepEqual(visible(session), { state: 'failed', kind: 'cliNotFound', message: `The Claude CLI was not found at ${link}.`, action: 'Open Settings' });

    symlinkSync(claudeBinary(), link);
    const r = await session.send('what was the word?');
    assert.equal(r.text, 'still here');
    assertApiSaw(t.api.requests.at(-1), ['remember the word kiwi', 'what was the word?']);
  });

  it('binary not executable at aicode.cli.path: cliNotExecutable with "Open Settings"; chmod +x makes the next send work', async () => {
    const script = join(t.sandbox.root, 'claude-script');
    writeFileSync(script, `#!/bin/sh\nexec '${claudeBinary()}' "$@"\n`, { mode: 0o644 });
    f = makeResilienceManager(t.sandbox, { cli: () => resolveCliEnvironment(script, t.sandbox.env()) });
    t.api.enqueue(text('runs now'));
    const session = f.manager.create({ folder: f.folder });
    const err = await rejectionOf(session.send('hello?'));
    assert.equal(err.kind, 'cliNotExecutable');
    assert.match(err.message, /permission denied/);
    assert.deepEqual(visible(session), { state: 'failed', kind: 'cliNotExecutable', message: err.message, action: 'Open Settings' });

    chmodSync(script, 0o755);
    const r = await session.send('hello again');
    assert.equal(r.text, 'runs now');
  });

  it('binary lost its x bit after it was resolved (spawn EACCES): cliNotExecutable; the conversation goes on after chmod +x', async () => {
    const script = join(t.sandbox.root, 'claude-script');
    writeFileSync(script, `#!/bin/sh\nexec '${claudeBinary()}' "$@"\n`, { mode: 0o755 });
    f = makeResilienceManager(t.sandbox, { cli: cliAt(() => script) });
    t.api.enqueue(text('kiwi noted'), text('still here'));
    const session = f.manager.create({ folder: f.folder });
    await session.send('remember the word kiwi');
    await session.park();
    chmodSync(script, 0o644);

    const err = await rejectionOf(session.send('are you there?'));
    assert.equal(err.kind, 'cliNotExecutable');
    assert.deepEqual(visible(session), { state: 'failed', kind: 'cliNotExecutable', message: `${script} is not executable (permission denied).`, action: 'Open Settings' });

    chmodSync(script, 0o755);
    const r = await session.send('what was the word?');
    assert.equal(r.text, 'still here');
    assertApiSaw(t.api.requests.at(-1), ['remember the word kiwi', 'what was the word?']);
  });
});
