import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, featuresFor, MINIMUM_VERSION, parseVersion, probeVersion, TESTED_VERSION, UnsupportedVersionError, VersionProbeError } from '../../../../src/core/process/versionAdapter';

describe('versionAdapter', () => {
  it('parses the CLI --version output', () => {
    assert.deepEqual(parseVersion('2.1.197 (Claude Code)\n'), { major: 2, minor: 1, patch: 197, raw: '2.1.197' });
    assert.deepEqual(parseVersion('claude v10.0.3-beta'), { major: 10, minor: 0, patch: 3, raw: '10.0.3' });
    assert.equal(parseVersion('Claude Code'), undefined);
    assert.equal(parseVersion(''), undefined);
  });

  it('compares versions numerically, not as strings', () => {
    const v = (s: string) => parseVersion(s)!;
    assert.ok(compareVersions(v('2.1.197'), v('2.1.20')) > 0);
    assert.ok(compareVersions(v('2.0.0'), v('10.0.0')) < 0);
    assert.equal(compareVersions(v('2.1.197'), v('2.1.197')), 0);
  });

  it('gives the features of a supported version', () => {
    const f = featuresFor(parseVersion(TESTED_VERSION)!);
    assert.equal(f.version.raw, '2.1.197');
    assert.equal(f.stdioPermissionPrompts, true);
    assert.ok(f.controlSubtypes.includes('interrupt'));
    assert.equal(featuresFor(MINIMUM_VERSION).version.raw, MINIMUM_VERSION.raw);
  });

  it('relies on --resume-session-at from 2.1 on (seen in the tested version, not before)', () => {
    assert.equal(featuresFor(parseVersion(TESTED_VERSION)!).resumeSessionAt, true);
    assert.equal(featuresFor(parseVersion('2.1.0')!).resumeSessionAt, true);
    assert.equal(featuresFor(parseVersion('2.0.99')!).resumeSessionAt, false);
  });

  it('refuses a too-old CLI with an error naming both versions', () => {
    assert.throws(
      () => featuresFor(parseVersion('1.9.99')!),
      (e: unknown) => e instanceof UnsupportedVersionError && e.found === '1.9.99' && e.message.includes('1.9.99') && e.message.includes(MINIMUM_VERSION.raw),
    );
  });

  describe('probeVersion', () => {
    let dir: string;
    const script = (name: string, body: string) => {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'aicode-version-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('runs `<binary> --version` and parses it', async () => {
      const bin = script('claude', 'if [ "$1" = "--version" ]; then echo "2.1.197 (Claude Code)"; else exit 9; fi');
      assert.deepEqual(await probeVersion(bin, { PATH: process.env.PATH }), { major: 2, minor: 1, patch: 197, raw: '2.1.197' });
    });

    it('passes the given environment (no inherited variables)', async () => {
      const bin = script('claude', 'echo "${AICODE_PROBE_V:-0.0.1}"');
      assert.equal((await probeVersion(bin, { AICODE_PROBE_V: '3.4.5' })).raw, '3.4.5');
    });

    it('reports output without a version', async () => {
      const bin = script('claude', 'echo "hello"');
      await assert.rejects(probeVersion(bin, {}), (e: unknown) => e instanceof VersionProbeError && /Could not read a version/.test(e.message) && e.message.includes('hello'));
    });

    it('reports a failing binary with its stderr', async () => {
      const bin = script('claude', 'echo "boom on stderr" >&2; exit 3');
      await assert.rejects(probeVersion(bin, {}), (e: unknown) => e instanceof VersionProbeError && /failed/.test(e.message) && e.message.includes('boom on stderr'));
    });

    it('reports a missing binary as ENOENT', async () => {
      await assert.rejects(probeVersion(join(dir, 'missing'), {}), (e: unknown) => e instanceof VersionProbeError && e.code === 'ENOENT');
    });

    it('is bounded when the binary hangs', async () => {
      const bin = script('claude', 'exec sleep 5');
      const t0 = Date.now();
      await assert.rejects(probeVersion(bin, {}, 300), (e: unknown) => e instanceof VersionProbeError && e.code === 'ETIMEDOUT' && /within 300 ms/.test(e.message));
      assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
    });

    it('is bounded when the binary hangs and ignores SIGTERM', async () => {
      // `trap '' TERM` survives the exec: a single process that only SIGKILL ends.
      const bin = script('claude', "trap '' TERM\nexec sleep 5");
      const t0 = Date.now();
      await assert.rejects(probeVersion(bin, {}, 300), (e: unknown) => e instanceof VersionProbeError && e.code === 'ETIMEDOUT');
      assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
    });
  });
});
