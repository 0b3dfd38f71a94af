// Plain-text formatting shared by the tree, the status bar, the health view and the exporter.
// No `vscode` import: unit-tested in plain Node.

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** `850 ms`, `12.3 s`, `4m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.floor(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m}m ${String(totalS % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `just now`, `5m ago`, `3h ago`, `2d ago`; older than a week: the date. */
export function relativeTime(then: number, now: number): string {
  const d = Math.max(0, now - then);
  if (d < 45_000) return 'just now';
  const m = Math.round(d / 60_000);
  if (m < 60) return `${Math.max(1, m)}m ago`;
  const h = Math.round(d / 3_600_000);
  if (h < 24) return `${h}h ago`;
  const days = Math.round(d / 86_400_000);
  if (days <= 7) return `${days}d ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export function formatCost(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return '–';
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** `claude-opus-4-8[1m]` → `opus-4-8`: the part that tells models apart in a narrow column. */
export function shortModel(model: string | undefined): string | undefined {
  if (!model) return undefined;
  return model.replace(/^claude-/, '').replace(/\[[^\]]*\]$/, '');
}

/** Collapses whitespace and cuts to `max` characters with an ellipsis (the chat's own one-line summary). */
export { oneLine as clip } from '../../core/transcript/toolView';
