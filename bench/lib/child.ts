/**
 * Entry-point wrapper for one benchmark process (bench/run.mjs starts one per benchmark): runs it, then sweeps this
 * process's sandbox CLI processes (a leftover is killed and reported, never silently ignored), and writes the result
 * as JSON to $BENCH_OUT (or stdout when run by hand).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { describeProcesses, killProcesses, scanSandboxProcesses, cleanupAllSandboxes, RUN_ID } from '../../test/integration/harness';

export interface ChildArgs {
  /** Scale factor for repetitions: 1 for the full run, smaller with --quick. */
  scale: number;
  /** Wall-clock deadline (epoch ms) the benchmark should stop adding rounds at. */
  deadline: number;
}

export function childArgs(): ChildArgs {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const budgetS = Number(process.env.BENCH_BUDGET_S ?? '600');
  return { scale: Number.isFinite(scale) && scale > 0 ? scale : 1, deadline: Date.now() + budgetS * 1000 };
}

export function runChild(name: string, fn: (args: ChildArgs) => Promise<unknown>): void {
  const started = Date.now();
  const load = loadavg()[0];
  const args = childArgs();
  const finish = async (payload: Record<string, unknown>): Promise<void> => {
    // Anything of ours still running gets 3 s to exit on its own, then is killed and reported.
    let leaked = scanSandboxProcesses();
    const deadline = Date.now() + 3000;
    while (leaked.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      leaked = scanSandboxProcesses();
    }
    if (leaked.length > 0) {
      process.stderr.write(`[${name}] leftover processes killed:\n${describeProcesses(leaked)}\n`);
      await killProcesses(leaked);
    }
    await cleanupAllSandboxes().catch(() => undefined);
    const out = JSON.stringify({ name, runId: RUN_ID, ...payload, leftoverProcesses: leaked.length, wallS: Math.round((Date.now() - started) / 100) / 10, loadAvgStart: load, loadAvgEnd: loadavg()[0] });
    if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, out);
    else process.stdout.write(`${out}\n`);
  };
  fn(args).then(
    async (result) => {
      await finish({ ok: true, result });
      process.exit(0);
    },
    async (err: Error) => {
      process.stderr.write(`[${name}] failed: ${err.stack ?? err.message}\n`);
      await finish({ ok: false, error: err.message });
      process.exit(1);
    },
  );
}
