/**
 * Diagnostic: where the CLI spends a first (and second) turn, from its own query profiler
 * (CLAUDE_CODE_PROFILE_QUERY=1, written to --debug-file), after each priming candidate.
 *
 *   npx tsx bench/priming/profile.ts "none" "get_context_usage" …     (names from candidates.ts)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApi } from '../../test/fixtures/fakeApi';
import { makeSandbox } from '../../test/integration/harness';
import { startBare } from '../lib/bareCli';
import { sleep } from '../lib/stats';
import { CANDIDATES } from './candidates';

const PHASES = ['query_process_user_input_base_end', 'query_hooks_end', 'query_fn_entry', 'query_tool_schema_build_end', 'query_message_normalization_end', 'query_client_creation_end', 'query_api_request_sent'];

function reports(log: string): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const i = line.indexOf('"=====');
    if (i < 0 || !line.includes('QUERY PROFILING REPORT')) continue;
    const text = JSON.parse(line.slice(i)) as string;
    const marks = new Map<string, number>();
    for (const m of text.matchAll(/\[\+\s*([\d.]+)ms\] \(\+\s*[\d.]+ms\) (\w+)/g)) marks.set(m[2], Number(m[1]));
    out.push(marks);
  }
  return out;
}

void (async () => {
  const names = process.argv.slice(2);
  const rounds = Number(process.env.ROUNDS ?? 3);
  const api = await startFakeApi();
  const sandbox = makeSandbox({ apiUrl: api.url, name: 'profile' });
  const dir = mkdtempSync(join(tmpdir(), 'aicode-profile-'));
  try {
    for (let r = 0; r < rounds; r++) {
      for (const name of names) {
        const c = CANDIDATES.find((x) => x.name === name);
        if (!c) throw new Error(`no candidate ${name}`);
        const log = join(dir, `${r}-${name.replace(/\W+/g, '_')}.log`);
        const b = startBare(sandbox, { extraArgs: [`--debug-file=${log}`], env: { CLAUDE_CODE_PROFILE_QUERY: '1' }, onMessage: c.onCliRequest ? (m, bare) => m.type === 'control_request' && c.onCliRequest?.(bare, m) : undefined });
        await b.control('initialize', c.initFields ?? {});
        await sleep(700);
        await c.prime(b);
        await sleep(150);
        for (const text of ['real prompt', 'second prompt']) {
          const from = b.proc.messages.length;
          b.sendUser(text);
          await b.nextResult(from);
          await sleep(50);
        }
        await b.close();
        const rs = reports(log);
        const [first, second] = rs.slice(-2);
        const row = (m: Map<string, number> | undefined) => PHASES.map((p) => (m?.get(p) ?? NaN).toFixed(1).padStart(6)).join(' ');
        console.log(`${name.padEnd(40)} 1st: ${row(first)}\n${''.padEnd(40)} 2nd: ${row(second)}`);
      }
    }
    console.log(`columns (ms since the prompt was read): ${PHASES.map((p) => p.replace('query_', '')).join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
    await sandbox.cleanup();
  }
})();
