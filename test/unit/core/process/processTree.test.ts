import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROCESS_MARKER_VAR } from '../../../../src/core/process/childEnv';
import { defaultProcessTree, LinuxProcessTree, PsProcessTree, WindowsProcessTree } from '../../../../src/core/process/processTree';
import { isAlive, waitFor } from '../testUtil';

describe('LinuxProcessTree', () => {
  describe('on a fake /proc', () => {
    let root: string;
    const proc = (pid: string, environ: string[], stat: string) => {
      mkdirSync(join(root, pid));
      writeFileSync(join(root, pid, 'environ'), environ.join('\0') + '\0');
      writeFileSync(join(root, pid, 'stat'), stat);
    };
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'aicode-proc-'));
      proc('100', ['PATH=/bin', `${PROCESS_MARKER_VAR}=m1`, 'HOME=/h'], '100 (claude) S 1 100 100 0');
      proc('101', [`${PROCESS_MARKER_VAR}=m1`], '101 (sleep) S 1 101 101 0'); // the marker as the first variable
      proc('102', [`${PROCESS_MARKER_VAR}=m1`], '102 (bash) Z 100 101 101 0'); // a zombie
      proc('103', [`${PROCESS_MARKER_VAR}=m10`], '103 (other) S 1 103 103 0'); // a marker that only starts the same
      proc('104', [`X_${PROCESS_MARKER_VAR}=m1`], '104 (other) S 1 104 104 0'); // a different variable ending the same
      proc('105', [`${PROCESS_MARKER_VAR}=m1`], '105 (my (weird) cmd) R 1 105 105 0'); // parentheses and spaces in the name
      proc('106', [`${PROCESS_MARKER_VAR}=m1`], ''); // stat unreadable: gone
      mkdirSync(join(root, '107')); // environ unreadable
      mkdirSync(join(root, 'self'));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('finds exactly the live processes carrying the marker value', async () => {
      assert.deepEqual(await new LinuxProcessTree(root).find('m1'), [100, 101, 105]);
      assert.deepEqual(await new LinuxProcessTree(root).find('m10'), [103]);
      assert.deepEqual(await new LinuxProcessTree(root).find('nobody'), []);
    });

    it('finds nothing when /proc cannot be read', async () => {
      assert.deepEqual(await new LinuxProcessTree(join(root, 'missing')).find('m1'), []);
    });
  });

  describe('on the real /proc', () => {
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });

    it('finds a detached, reparented grandchild by its inherited marker, and signal() kills it', async () => {
      const marker = randomUUID();
      // sh starts a sleep in the background (inheriting the marker), prints its pid and exits: the sleep is reparented.
      const sh = spawn('sh', ['-c', 'sleep 30 & echo $!'], { env: { PATH: process.env.PATH, [PROCESS_MARKER_VAR]: marker }, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
      children.push(sh);
      const unmarked = spawn('sleep', ['30'], { stdio: 'ignore' });
      children.push(unmarked);
      const pid = await new Promise<number>((resolve) => sh.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      await waitFor(() => sh.exitCode !== null, 'sh exit');
      const tree = new LinuxProcessTree();
      assert.deepEqual(await tree.find(marker), [pid]);
      tree.signal([pid, 2 ** 22 + 999], 'SIGTERM'); // an already-gone pid is harmless
      await waitFor(() => !isAlive(pid), 'grandchild gone');
      assert.deepEqual(await tree.find(marker), []);
      assert.ok(isAlive(unmarked.pid!), 'an unmarked process is left alone');
    });
  });
});

describe('PsProcessTree', () => {
  it('lists the root and all its descendants while the root is alive', async function () {
    const sh = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    try {
      const tree = new PsProcessTree();
      await waitFor(async () => (await tree.find('', sh.pid)).length === 3, 'sh and two sleeps');
      const pids = await tree.find('', sh.pid);
      assert.equal(pids[0], sh.pid);
      assert.deepEqual(await tree.find('x'), [], 'nothing without a root');
      tree.signal(pids.slice(1), 'SIGKILL');
      await waitFor(() => sh.exitCode !== null, 'sh exits once its children are gone');
    } finally {
      sh.kill('SIGKILL');
    }
  });
});

describe('WindowsProcessTree and defaultProcessTree', () => {
  it('Windows finds only the root (taskkill /T walks the tree)', async () => {
    const tree = new WindowsProcessTree();
    assert.deepEqual(await tree.find('m', 42), [42]);
    assert.deepEqual(await tree.find('m'), []);
    tree.signal([], 'SIGKILL');
  });

  it('uses /proc on Linux', function () {
    if (process.platform !== 'linux') this.skip();
    assert.ok(defaultProcessTree() instanceof LinuxProcessTree);
  });
});
