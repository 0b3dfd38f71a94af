import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapOrphans } from '../../../../src/core/process/orphanReaper';

describe('reapOrphans', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'reaper-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const proc = (pid: number, env: Record<string, string>) => {
    mkdirSync(join(root, String(pid)));
    writeFileSync(join(root, String(pid), 'environ'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\0') + '\0');
  };

  it('kills processes whose extension host is gone, and only those', async () => {
    proc(101, { PATH: '/bin', AICODE_HOST_PID: '9001' }); // host dead
    proc(102, { AICODE_HOST_PID: '9002' }); // host alive
    proc(103, { HOME: '/root' }); // not ours
    proc(104, { AICODE_HOST_PID: String(process.pid) }); // this host's own
    const killed: number[] = [];
    const result = await reapOrphans({ procRoot: root, isAlive: (pid) => pid === 9002, kill: (pid) => killed.push(pid) });
    assert.deepEqual(killed, [101]);
    assert.deepEqual(result.killed, [{ pid: 101, hostPid: 9001 }]);
  });

  it('ignores unreadable entries and malformed values', async () => {
    mkdirSync(join(root, '200'));
    proc(201, { AICODE_HOST_PID: 'abc' });
    const killed: number[] = [];
    await reapOrphans({ procRoot: root, isAlive: () => false, kill: (pid) => killed.push(pid) });
    assert.deepEqual(killed, []);
  });
});
