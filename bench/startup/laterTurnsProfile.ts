/**
 * Diagnostic: the CLI's own query profile (CLAUDE_CODE_PROFILE_QUERY=1, --debug-file) of later turns, for the bare CLI
 * as the benchmark drives it and with each difference our core makes: the user line's `uuid` and
 * `parent_tool_use_id`, and CLAUDE_CODE_ENTRYPOINT=aicode-manager. Prints ms from "prompt read" to "request sent".
 *
 *   npx tsx bench/startup/laterTurnsProfile.ts [rounds]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi } from '../../test/fixtures/fakeApi';
import { makeSandbox } from '../../test/integration/harness';
import { startBare } from '../lib/bareCli';
import { sleep, summarize } from '../lib/stats';

const VARIANTS = ['plain', 'uuid', 'entrypoint', 'both'] as const;

function requestSentTimes(log: string): number[] {
  const out: number[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const i = line.indexOf('"=====');
    if (i < 0 || !line.includes('QUERY PROFILING REPORT')) continue;
    const m = /\[\+\s*([\d.]+)ms\] \(\+\s*[\d.]+ms\) query_api_request_sent/.exec(JSON.parse(line.slice(i)) as string);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

void (async () => {
  const rounds = Number(process.argv[2] ?? 4);
  const api = await startFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'laterprof' });
  const dir = mkdtempSync(join(tmpdir(), 'aicode-laterprof-'));
  const all = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
  try {
    for (let r = 0; r < rounds; r++) {
      for (const v of VARIANTS) {
        const log = join(dir, `${r}-${v}.log`);
        const env: Record<string, string> = { CLAUDE_CODE_PROFILE_QUERY: '1' };
        if (v === 'entrypoint' || v === 'both') env.CLAUDE_CODE_ENTRYPOINT = 'aicode-manager';
        const b = startBare(sandbox, { extraArgs: [`--debug-file=${log}`], env });
        await b.control('initialize');
        await sleep(500);
        for (let t = 0; t < 5; t++) {
          const from = b.proc.messages.length;
          if (v === 'uuid' || v === 'both') b.proc.send({ type: 'user', message: { role: 'user', content: `turn ${t}` }, parent_tool_use_id: null, uuid: randomUUID() });
          else b.proc.sendUser(`turn ${t}`);
          await b.nextResult(from);
          await sleep(50);
        }
        await b.close();
        const times = requestSentTimes(log).slice(1); // later turns only
        all.get(v)?.push(...times);
        console.log(`${v.padEnd(11)} ${times.map((x) => x.toFixed(1)).join(' ')}`);
      }
    }
    for (const [v, xs] of all) console.log(`${v.padEnd(11)} prompt read → request sent, later turns: ${JSON.stringify(summarize(xs))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
    await sandbox.cleanup();
  }
})();
