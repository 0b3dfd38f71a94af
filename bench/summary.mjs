// The headline table of a benchmark run: one row per number that matters, ratios first, from the benchmarks' JSON.

const ms = (s) => (s && Number.isFinite(s.median) ? `${fmt(s.median)} ms (p95 ${fmt(s.p95)})` : 'n/a');
const fmt = (x, d = 1) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? Math.round(x).toString() : x.toFixed(d)) : 'n/a');
const kb = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(0)} KB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? Math.round((a / b) * 100) / 100 : NaN);

export function summaryRows(results) {
  const rows = [];
  const add = (group, metric, ours, reference, r, target, met) => rows.push({ group, metric, ours, reference, ratio: Number.isFinite(r) ? r : null, target: target ?? '', met: met === undefined ? '' : met ? 'met' : 'missed' });

  const st = results.startup?.ok ? results.startup.result : undefined;
  if (st) {
    const v = st.variants;
    const med = (k, f = 'firstPostMs') => v[k]?.[f]?.median;
    add('1 Startup', 'New session, prompt → first API request: warm pool vs SDK startup() warm query', ms(v['ours-warm'].firstPostMs), `SDK warm ${ms(v['sdk-warm'].firstPostMs)}`, ratio(med('ours-warm'), med('sdk-warm')), '≤ 0.5×', ratio(med('ours-warm'), med('sdk-warm')) <= 0.5);
    add('1 Startup', '… warm pool primed with get_context_usage (bench prototype)', ms(v['ours-warm-primed'].firstPostMs), `SDK warm ${ms(v['sdk-warm'].firstPostMs)}`, ratio(med('ours-warm-primed'), med('sdk-warm')), '≤ 0.5×', ratio(med('ours-warm-primed'), med('sdk-warm')) <= 0.5);
    if (v['sdk-warm-canUseTool']) add('1 Startup', '… like for like: SDK warm query with canUseTool (adds --permission-prompt-tool stdio, as our core does)', ms(v['ours-warm'].firstPostMs), `SDK warm+canUseTool ${ms(v['sdk-warm-canUseTool'].firstPostMs)}; primed ${ms(v['ours-warm-primed'].firstPostMs)}`, ratio(med('ours-warm'), med('sdk-warm-canUseTool')));
    const lt = st.laterTurns?.variants;
    if (lt) add('1 Startup', `Later turns (2nd–5th of a warm process) → API: ours vs bare CLI (${st.laterTurns.rounds} processes each)`, ms(lt.ours.sendToPostMs), `bare ${ms(lt.bare.sendToPostMs)}; bare + our uuid ${fmt(lt['bare+uuid'].sendToPostMs.median)} ms; bare + our entrypoint ${fmt(lt['bare+ourEnv'].sendToPostMs.median)} ms`, st.laterTurns.ratioOursVsBare, '≤ 1.1×', st.laterTurns.ratioOursVsBare <= 1.1);
    add('1 Startup', '2nd turn right after the first (startup trials): ours vs bare CLI', ms(v['ours-warm'].secondPostMs), `bare ${ms(v['bare-warm'].secondPostMs)}`, ratio(med('ours-warm', 'secondPostMs'), med('bare-warm', 'secondPostMs')));
    if (v['ours-warm'].hostSecondMs) add('1 Startup', '… of which our host code: send() → line handed to the CLI\'s stdin (1st / 2nd turn)', `${ms(v['ours-warm'].hostFirstMs)} / ${ms(v['ours-warm'].hostSecondMs)}`, 'the rest is the CLI and the loopback');
    add('1 Startup', 'Warm pool vs bare CLI pre-spawned + initialised', ms(v['ours-warm'].firstPostMs), `bare ${ms(v['bare-warm'].firstPostMs)}`, ratio(med('ours-warm'), med('bare-warm')));
    add('1 Startup', 'Cold session (pool 0) → first API request vs SDK query()', ms(v['ours-cold'].firstPostMs), `SDK cold ${ms(v['sdk-cold'].firstPostMs)}; bare ${ms(v['bare-cold'].firstPostMs)}`, ratio(med('ours-cold'), med('sdk-cold')));
    add('1 Startup', 'Warm: prompt → first text delta at session.onMessage vs SDK warm', ms(v['ours-warm'].firstDeltaMs), `SDK warm ${ms(v['sdk-warm'].firstDeltaMs)}; primed ${ms(v['ours-warm-primed'].firstDeltaMs)}`, ratio(med('ours-warm', 'firstDeltaMs'), med('sdk-warm', 'firstDeltaMs')));
    add('1 Startup', 'Warm pool vs cold spawn (ours)', ms(v['ours-warm'].firstPostMs), `cold ${ms(v['ours-cold'].firstPostMs)}`, ratio(med('ours-warm'), med('ours-cold')));
  }
  const pr = results.priming?.ok ? results.priming.result.candidates : undefined;
  if (pr?.none) {
    const none = pr.none.firstPostMs.median;
    const calls = (c) => (c.apiCalls.messages + c.apiCalls.countTokens === 0 ? 'no API call' : `${c.apiCalls.countTokens} count_tokens + ${c.apiCalls.messages} max_tokens:1 calls on the fake API`);
    const leaves = (c) => (c.pollutesRequest?.length ? 'adds text to the next API request' : c.pollutesTranscript?.length ? `leaves ${c.pollutesTranscript.length} line(s) in the transcript` : 'nothing in the conversation');
    for (const name of ['get_context_usage', 'hook-blocked prompt', 'get_context_usage + hook-blocked prompt', '/context', '/cost']) {
      const c = pr[name];
      if (!c?.firstPostMs) continue;
      add('1b Priming', `${name}: ${calls(c)}, ${fmt(c.primeMs.median, 0)} ms, ${leaves(c)}`, ms(c.firstPostMs), `unprimed ${ms(pr.none.firstPostMs)}`, ratio(c.firstPostMs.median, none));
    }
  }
  const sr = results.stream?.ok ? results.stream.result : undefined;
  if (sr) {
    const x = sr.variants;
    const t = (k) => `${fmt(x[k].mbPerS, 0)} MB/s, ${fmt(x[k].linesPerS / 1000, 0)}k lines/s`;
    add('2 Stream', `Decode + parse + route, ${sr.input.megabytes} MB real CLI output: ours vs JSON.parse of pre-split lines`, t('ours:all'), `JSON.parse ${t('bare:all')}`, sr.ratios.oursVsBareAll, '≥ 0.8×', sr.ratios.oursVsBareAll >= 0.8);
    add('2 Stream', '… vs Buffer→string + JSON.parse per pre-split line (decoding included)', t('ours:all'), `decode+parse ${t('decode:all')}`, sr.ratios.oursVsDecodeAndParseAll);
    add('2 Stream', '… vs node:readline + JSON.parse', t('ours:all'), `readline ${t('readline:all')}`, sr.ratios.oursVsReadlineAll);
    if (x['proto:all']) add('2 Stream', '… prototype decoder copying long lines once (bench/stream/protoDecoder.ts) vs JSON.parse', t('proto:all'), `JSON.parse ${t('bare:all')}; ${sr.ratios.protoDecoderVsOursAll}× ours`, sr.ratios.protoDecoderVsBareAll);
    add('2 Stream', `… small lines only (${fmt(sr.input.smallLines.lines / 1000, 0)}k lines < 4 KiB): ours vs JSON.parse`, t('ours:small'), `JSON.parse ${t('bare:small')}`, sr.ratios.oursVsBareSmallLines);
  }
  const ho = results.host?.ok ? results.host.result : undefined;
  if (ho) {
    const p = ho.paced;
    add('3 Host', 'CLI line → reducer change ready to post (p50 / p99)', `${fmt(p.chatReadyMs.p50, 2)} / ${fmt(p.chatReadyMs.p99, 2)} ms`, `routed to session.onMessage ${fmt(p.chatRoutedMs.p50, 2)} / ${fmt(p.chatRoutedMs.p99, 2)} ms`);
    add('3 Host', 'CLI line → postMessage, batched per 16 ms frame (p50 / p99)', `${fmt(p.chatPostedMs.p50)} / ${fmt(p.chatPostedMs.p99)} ms`, `${p.postsPerTurn} posts for ${p.linesPerTurn} lines at 500/s`);
    add('3 Host', 'CPU per line, burst of 10k events: core / core + reducer + outbox', `${fmt(ho.burst.coreUsPerLine, 2)} / ${fmt(ho.burst.chatUsPerLine, 2)} µs`, '');
  }
  const wv = results.webview?.ok ? results.webview.result : undefined;
  if (wv) {
    add('4 Webview', 'Open a 5,000-item transcript: navigation → painted', ms(wv.open5000.navigationToPaintedMs), `snapshot → painted ${ms(wv.open5000.snapshotToPaintedMs)}; ${wv.open5000.itemsInDom} items in the DOM`);
    for (const [k, label] of [['after5000Items', 'after 5,000 items'], ['freshTranscript', 'fresh transcript']]) {
      const f = wv.stream500PerSecond[k];
      add('4 Webview', `Streaming 500 deltas/s (${label}): frame interval p50 / p95 / p99`, `${fmt(f.frameIntervalMs.p50)} / ${fmt(f.frameIntervalMs.p95)} / ${fmt(f.frameIntervalMs.p99)} ms`, `${f.fps} fps; ${f.longAnimationFrames.perSecond} long frames/s, max ${fmt(f.longAnimationFrames.maxMs, 0)} ms`);
    }
  }
  const sz = results.size?.ok ? results.size.result : undefined;
  if (sz) {
    add('5 Size', 'Activation (plain Node, fake vscode): require + activate', ms(sz.activation.totalMs), `activate() alone ${ms(sz.activation.activateMs)}`);
    add('5 Size', 'Extension bundle dist/extension.js (production)', `${kb(sz.files.extension.bytes)} (gzip ${kb(sz.files.extension.gzipBytes)})`, '');
    add('5 Size', 'Webview bundle chat.js + chat.css (+ codicon font)', `${kb(sz.files.webviewJs.bytes + sz.files.webviewCss.bytes)} (gzip ${kb(sz.files.webviewJs.gzipBytes + sz.files.webviewCss.gzipBytes)})`, `font ${kb(sz.files.webviewAssets.reduce((a, f) => a + f.bytes, 0))}`);
    add('5 Size', 'VSIX', sz.vsix.bytes ? kb(sz.vsix.bytes) : `error: ${sz.vsix.error}`, sz.vsix.files ? `${sz.vsix.files} files` : '');
  }
  const me = results.memory?.ok ? results.memory.result : undefined;
  if (me) {
    const runs = me.host.runs.oneTurnOf10000_chat;
    const last = runs[runs.length - 1];
    add('6 Memory', 'Host heap: 10,000 streamed events (core + reducer): base → peak → after GC → session removed', `${fmt(last.baseMB, 2)} → ${fmt(last.peakMB)} → ${fmt(last.afterTurnsMB, 2)} → ${fmt(last.afterRemoveMB, 2)} MB`, `creep ${fmt(me.host.perSessionCreep.kbPerSessionOverLast20)} KB/session over 20 sessions`);
    for (const p of me.cli.pools) add('6 Memory', `Idle pooled CLI, pool of ${p.size}${p.primed ? ' (primed)' : ''}: RSS sum (PSS sum)`, `${fmt(p.rssSumMB, 0)} MB (${fmt(p.pssSumMB, 0)} MB)`, p.size > 1 ? `${fmt(p.rssSumMB / p.size, 0)} MB RSS each` : '');
  }
  for (const [name, r] of Object.entries(results)) if (!r.ok) add(name, 'FAILED', r.error ?? 'no result', '');
  return rows;
}

export function formatTable(rows) {
  const head = '| # | Measurement | Ours | Reference | Ratio | Target | |\n|---|---|---|---|---|---|---|';
  const body = rows.map((r) => `| ${r.group} | ${r.metric} | ${r.ours} | ${r.reference} | ${r.ratio === null ? '' : `${r.ratio}×`} | ${r.target} | ${r.met} |`).join('\n');
  return `${head}\n${body}`;
}
