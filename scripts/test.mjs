#!/usr/bin/env node
// `npm test`: static checks, then the three layers (unit with coverage of the core, integration with the real CLI,
// end to end in real VS Code + Chromium), then one closing line `N passed, N failed[, N skipped]` over all layers.
// Each layer runs even if an earlier one failed, so one red run shows everything that is wrong.
import { spawn } from 'node:child_process';

const only = process.argv.slice(2);
const layers = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'], kind: 'check' },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'], kind: 'check' },
  // Coverage of the core is collected over the unit and integration layers (the session layer is exercised against the
  // real CLI), then reported and checked (>= 80 % of lines, .c8rc.json) as its own step.
  { name: 'unit', cmd: ['npx', 'c8', '--check-coverage=false', '--reporter=text-summary', 'mocha', '--config', '.mocharc.unit.json'], kind: 'mocha' },
  { name: 'integration', cmd: ['npx', 'c8', '--clean=false', '--check-coverage=false', '--reporter=text-summary', 'mocha', '--config', '.mocharc.integration.json'], kind: 'mocha' },
  { name: 'coverage', cmd: ['npx', 'c8', 'report'], kind: 'check' },
  { name: 'e2e', cmd: ['node', 'test/e2e/run.mjs'], kind: 'e2e' },
].filter((l) => only.length === 0 || only.includes(l.name));

function run(layer) {
  return new Promise((resolve) => {
    const started = Date.now();
    let out = '';
    const child = spawn(layer.cmd[0], layer.cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ layer, code: code ?? 1, out, seconds: (Date.now() - started) / 1000 }));
  });
}

function count(r) {
  const num = (re) => Number((r.out.match(re) ?? [])[1] ?? 0);
  if (r.layer.kind === 'check') return { passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1, skipped: 0 };
  if (r.layer.kind === 'e2e') {
    const m = [...r.out.matchAll(/^e2e: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop();
    if (!m) return { passed: 0, failed: 1, skipped: 0 };
    return { passed: Number(m[1]), failed: Number(m[2]) + (r.code !== 0 && Number(m[2]) === 0 ? 1 : 0), skipped: Number(m[3] ?? 0) };
  }
  const passed = num(/(\d+) passing/);
  const failed = num(/(\d+) failing/);
  const skipped = num(/(\d+) pending/);
  // A non-zero exit with no failing test (coverage below threshold, a crash before the summary) is still a failure.
  return { passed, failed: failed + (r.code !== 0 && failed === 0 ? 1 : 0), skipped };
}

const results = [];
for (const layer of layers) {
  console.log(`\n=== ${layer.name} ===`);
  results.push(await run(layer));
}
// CI keeps only the tail of a long log: repeat what failed just above the summary so a red run names its cause.
for (const r of results) {
  if (r.code === 0) continue;
  const at = r.out.search(/^\s*\d+ failing/m);
  const excerpt = at >= 0 ? r.out.slice(at) : r.out.slice(-2000);
  console.log(`\n=== failures in ${r.layer.name} ===\n${excerpt.slice(0, 6000).trimEnd()}`);
}
const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\n=== summary ===');
for (const r of results) {
  const c = count(r);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  console.log(`${r.layer.name.padEnd(12)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed ${String(c.skipped).padStart(3)} skipped  ${r.seconds.toFixed(1)} s  (exit ${r.code})`);
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
