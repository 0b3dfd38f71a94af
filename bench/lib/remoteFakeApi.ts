/**
 * A handle on the fake API running in its own process (bench/lib/fakeApiProcess.ts), with the parts of the FakeApi
 * interface the benchmarks use. In-process, the fake's arrival timestamps would be delayed whenever the benchmark
 * process is busy, and our core, the bare harness and the SDK keep it busy by different amounts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeApi, MessagesRequestBody, RecordedRequest } from '../../test/fixtures/fakeApi';
import { REPO_ROOT } from '../../test/integration/harness';

export type BenchApi = Pick<FakeApi, 'url' | 'requests' | 'allRequests' | 'onRequest' | 'waitForRequests' | 'close'>;

type Wire = Pick<RecordedRequest, 'n' | 'method' | 'path' | 'url' | 'arrivedAt' | 'dateNow' | 'streaming' | 'rawBody'>;

export async function startRemoteFakeApi(options: { replyText?: string } = {}): Promise<BenchApi> {
  const bundled = __filename.endsWith('.js');
  const script = bundled ? join(REPO_ROOT, 'out', 'bench', 'lib', 'fakeApiProcess.js') : join(REPO_ROOT, 'bench', 'lib', 'fakeApiProcess.ts');
  const child: ChildProcess = fork(script, [`--bench-marker=${process.env.BENCH_MARKER ?? 'none'}`], {
    execArgv: bundled ? [] : ['--import', 'tsx'],
    env: { ...process.env, BENCH_FAKE_REPLY: options.replyText ?? '' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const requests: RecordedRequest[] = [];
  const allRequests: RecordedRequest[] = [];
  const listeners = new Set<(r: RecordedRequest) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake API process exited (${code})`)));
    child.on('message', (m: { type: string; url?: string; rec?: Wire }) => {
      if (m.type === 'ready' && m.url) resolve(m.url);
      if (m.type !== 'request' || !m.rec) return;
      let body: MessagesRequestBody | undefined;
      try {
        body = m.rec.rawBody ? (JSON.parse(m.rec.rawBody) as MessagesRequestBody) : undefined;
      } catch {
        body = undefined;
      }
      const rec: RecordedRequest = { ...m.rec, headers: {}, body, deltasSent: 0 };
      allRequests.push(rec);
      if (rec.n > 0) requests.push(rec);
      for (const l of [...listeners]) l(rec);
    });
  });
  const api: BenchApi = {
    url,
    requests,
    allRequests,
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForRequests(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`fake API: timed out waiting for ${n} model request(s), got ${requests.length}`));
        }, timeoutMs);
        const off = api.onRequest(() => {
          if (requests.length < n) return;
          clearTimeout(timer);
          off();
          resolve(requests);
        });
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'close' });
      });
    },
  };
  return api;
}
