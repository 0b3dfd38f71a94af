/**
 * The fake API in a process of its own (started by bench/lib/remoteFakeApi.ts), so the arrival time it stamps on a
 * request does not wait for the benchmark process's event loop, where our core or the SDK is busy with the same
 * turn's output. Reports every request over IPC; `arrivedAt` is performance.timeOrigin + performance.now(), which is
 * comparable across processes on one machine.
 */
import { startFakeApi, text } from '../../test/fixtures/fakeApi';

void (async () => {
  const reply = process.env.BENCH_FAKE_REPLY;
  const api = await startFakeApi(reply ? { handler: () => text(reply, { chunkSize: 8 }) } : {});
  api.onRequest((r) => {
    process.send?.({ type: 'request', rec: { n: r.n, method: r.method, path: r.path, url: r.url, arrivedAt: r.arrivedAt, dateNow: r.dateNow, streaming: r.streaming, rawBody: r.rawBody } });
  });
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'close') void api.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => void api.close().then(() => process.exit(0)));
  process.send?.({ type: 'ready', url: api.url });
})();
