/* Exploration: what does each priming candidate print, cost, and leave behind? (one run each, verbose) */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeApi } from '../../test/fixtures/fakeApi';
import { makeSandbox } from '../../test/integration/harness';
import { nowMs, startBare } from '../lib/bareCli';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const api = await startFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'explore' });
  const which = process.argv.slice(2);
  for (const cand of which) {
    const b = startBare(sandbox);
    await b.control('initialize');
    await sleep(1000);
    const before = api.requests.length;
    const from = b.proc.messages.length;
    const t0 = nowMs();
    if (cand.startsWith('/')) {
      b.sendUser(cand);
      await b.nextResult(from, 30_000).catch((e: Error) => console.log('no result:', e.message.slice(0, 200)));
    } else if (cand.startsWith('ctl:')) {
      const [sub, json] = cand.slice(4).split('|');
      const r = await b.control(sub, json ? JSON.parse(json) : {}, 30_000).catch((e: Error) => ({ err: e.message }));
      console.log('control response', JSON.stringify(r).slice(0, 300));
    } else if (cand !== 'none') {
      b.sendUser(cand);
      await b.nextResult(from, 30_000);
    }
    const primeMs = nowMs() - t0;
    await sleep(300);
    const primeReqs = api.requests.slice(before);
    console.log(`== ${cand}: ${primeMs.toFixed(0)} ms, ${primeReqs.length} API calls (${primeReqs.filter((r) => r.streaming).length} streaming)`);
    for (const m of b.proc.messages.slice(from)) console.log('   out:', JSON.stringify(m).slice(0, 260));
    const from2 = b.proc.messages.length;
    const before2 = api.requests.length;
    const t1 = b.sendUser('real prompt');
    const [req] = (await api.waitForRequests(before2 + 1, 20_000)).slice(before2);
    await b.nextResult(from2);
    console.log(`   real prompt -> first POST ${(req.arrivedAt - t1).toFixed(1)} ms; messages sent:`);
    for (const m of req.body?.messages ?? []) console.log('     ', m.role, JSON.stringify(m.content).slice(0, 400));
    const t2 = b.sendUser('second');
    const before3 = api.requests.length;
    const [req2] = (await api.waitForRequests(before3 + 1, 20_000)).slice(before3);
    console.log(`   second turn -> first POST ${(req2.arrivedAt - t2).toFixed(1)} ms`);
    await b.nextResult(b.proc.messages.length - 1);
    await b.close();
    const dir = join(sandbox.home, '.claude', 'projects');
    for (const p of readdirSync(dir)) {
      const f = join(dir, p, `${b.sessionId}.jsonl`);
      try {
        const lines = readFileSync(f, 'utf8').trim().split('\n');
        console.log(`   transcript ${lines.length} lines:`, lines.map((l) => { const o = JSON.parse(l); return o.type + (o.message ? ':' + JSON.stringify(o.message.content).slice(0, 60) : ''); }).join(' | ').slice(0, 1500));
      } catch { /* other project */ }
    }
  }
  await api.close();
  await sandbox.cleanup();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
