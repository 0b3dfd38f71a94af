/**
 * The parts of the workbench around the chat that a person looks at: the Sessions tree (rows and their aria-labels),
 * the AICode activity-bar badge, the "Claude" status bar item and its hover, the health webview, and which of our
 * webviews sits in the side bar or in an editor. Everything is read from the workbench DOM, as it is shown.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { extensionId } from './paths';
import { sleep } from './processes';
import type { Workbench } from './workbench';

/** Polls `probe` until it returns something other than `undefined`; throws `describe()` at the deadline. */
export async function waitUntil<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string | Promise<string>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) throw new Error(await describe());
    await sleep(150);
  }
}

/** The Sessions pane of the AICode side bar. */
export function sessionsPane(page: Page): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header[aria-label^="Sessions"]') });
}

/** The rows of the Sessions tree. */
export function sessionRows(page: Page): Locator {
  return sessionsPane(page).locator('.monaco-list-row');
}

/** The aria-labels of the Sessions tree's rows, top to bottom (e.g. "Fix the bug, Working"). */
export async function sessionRowLabels(page: Page): Promise<string[]> {
  return sessionRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

/** The row whose aria-label starts with `title` followed by ", " (a session row: "<title>, <state>[, permission needed]"). */
export function sessionRow(page: Page, title: string): Locator {
  return sessionsPane(page).locator(`.monaco-list-row[aria-label^="${cssString(title)}, "]`);
}

/** Waits until some row's aria-label matches; returns that label. */
export async function waitForRow(page: Page, match: RegExp, timeoutMs = 30_000): Promise<string> {
  let labels: string[] = [];
  return waitUntil(
    async () => {
      labels = await sessionRowLabels(page).catch(() => []);
      return labels.find((l) => match.test(l));
    },
    timeoutMs,
    () => `no Sessions row matched ${String(match)} within ${timeoutMs / 1000} s; rows: ${JSON.stringify(labels)}`,
  );
}

/** A row's visible text (label and description), whitespace collapsed. */
export async function rowText(row: Locator): Promise<string> {
  return collapse(await row.innerText());
}

/** The "Claude" status bar item our extension contributes (`aicode.status`). */
export function statusItem(page: Page): Locator {
  return page.locator(`.part.statusbar [id="${extensionId}.aicode.status"]`);
}

/** Its text and aria-label as shown. */
export async function statusText(page: Page): Promise<{ text: string; label: string }> {
  const item = statusItem(page);
  return { text: collapse(await item.innerText().catch(() => '')), label: (await item.getAttribute('aria-label').catch(() => null)) ?? '' };
}

/**
 * Waits until the status item matches: a RegExp is tried on its text and on its aria-label (either may match), a
 * function gets both. Returns what it showed.
 */
export async function waitForStatus(page: Page, match: RegExp | ((s: { text: string; label: string }) => boolean), timeoutMs = 30_000): Promise<{ text: string; label: string }> {
  let last = { text: '', label: '' };
  const ok = typeof match === 'function' ? match : (s: { text: string; label: string }) => match.test(s.text) || match.test(s.label);
  return waitUntil(
    async () => {
      last = await statusText(page);
      return ok(last) ? last : undefined;
    },
    timeoutMs,
    () => `the status bar item never matched ${String(match)} within ${timeoutMs / 1000} s; it shows "${last.text}" (aria-label "${last.label}")`,
  );
}

/** Hovers the status item and returns the hover widget once it shows (its text is `innerText()`). */
export async function hoverStatus(page: Page): Promise<Locator> {
  await page.mouse.move(0, 0);
  await statusItem(page).hover();
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Claude Code' }).last();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  return hover;
}

/** The count on the AICode activity-bar icon (the Sessions view's badge), or undefined when none shows. */
export async function activityBadge(page: Page): Promise<string | undefined> {
  const badge = page.locator('.part.activitybar .action-item').filter({ has: page.locator('[aria-label^="AICode"]') }).locator('.badge');
  if (!(await badge.first().isVisible().catch(() => false))) return undefined;
  const text = collapse(await badge.first().innerText().catch(() => ''));
  return text || undefined;
}

export type WebviewPlace = 'sidebar' | 'editor' | 'panel' | 'hidden';

export interface PlacedWebview {
  frame: Frame;
  place: WebviewPlace;
  /** The inner frame's URL, for diagnostics. */
  url: string;
}

/**
 * Our extension's webviews (inner `active-frame`s) with where their outer iframe sits on screen. VS Code lays
 * webviews over the workbench rather than inside the part's DOM, so the place comes from the iframe's bounds.
 */
export async function ourWebviews(page: Page): Promise<PlacedWebview[]> {
  const out: PlacedWebview[] = [];
  // (No functions defined inside page.evaluate: tsx's keepNames would wrap them in a helper the page lacks.)
  const parts: Partial<Record<'sidebar' | 'editor' | 'panel', { x: number; y: number; width: number; height: number }>> = {};
  for (const name of ['sidebar', 'editor', 'panel'] as const) {
    const part = page.locator(`.monaco-workbench .part.${name}`).first();
    const box = (await part.isVisible().catch(() => false)) ? await part.boundingBox().catch(() => null) : null;
    if (box) parts[name] = box;
  }
  for (const frame of page.frames()) {
    const parent = frame.parentFrame();
    if (!parent || !parent.url().includes(`extensionId=${extensionId}`)) continue;
    // The inner frame is created as `pending-frame` on fake.html and becomes the active one in place.
    if (frame.name() !== 'active-frame' && !frame.url().includes('fake.html')) continue;
    const el = await parent.frameElement().catch(() => undefined);
    const r = el ? await el.boundingBox().catch(() => null) : null;
    let place: WebviewPlace = 'hidden';
    if (r && r.width > 0 && r.height > 0) {
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      for (const name of ['sidebar', 'editor', 'panel'] as const) {
        const p = parts[name];
        if (p && cx >= p.x && cx <= p.x + p.width && cy >= p.y && cy <= p.y + p.height) place = name;
      }
    }
    out.push({ frame, place, url: frame.url() });
  }
  return out;
}

/**
 * The chat webview shown in `place` (its input "Message Claude" visible), optionally the one whose conversation log
 * shows `showing` (a panel being replaced by another keeps its frame for a moment).
 */
export async function chatFrameAt(page: Page, place: WebviewPlace, timeoutMs = 30_000, showing?: string): Promise<Frame> {
  let seen: string[] = [];
  return waitUntil(
    async () => {
      const views = await ourWebviews(page);
      seen = views.map((v) => `${v.place} ${v.url.slice(0, 60)}`);
      for (const v of views) {
        if (v.place !== place) continue;
        const ok = await v.frame.getByRole('textbox', { name: 'Message Claude' }).isVisible().catch(() => false);
        if (!ok) continue;
        if (showing === undefined) return v.frame;
        const log = collapse(await v.frame.getByRole('log').first().innerText().catch(() => ''));
        if (log.includes(collapse(showing))) return v.frame;
      }
      return undefined;
    },
    timeoutMs,
    () => `no chat webview in the ${place} within ${timeoutMs / 1000} s; our webviews: ${JSON.stringify(seen)}`,
  );
}

/** The "Claude Health" webview (its page heading "Claude Code health"). */
export async function healthFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return waitUntil(
    async () => {
      for (const v of await ourWebviews(page)) {
        if (v.place === 'hidden') continue;
        if (await v.frame.getByRole('heading', { name: 'Claude Code health' }).isVisible().catch(() => false)) return v.frame;
      }
      return undefined;
    },
    timeoutMs,
    () => `the health view did not show within ${timeoutMs / 1000} s`,
  );
}

/**
 * Before a screenshot: the mouse off anything with a hover, and the fonts (codicons) of the workbench and of the
 * given webviews loaded, so icons are not missing from the picture right after a reload.
 */
export async function settleForScreenshot(page: Page, frames: readonly Frame[] = []): Promise<void> {
  await page.mouse.move(700, 450);
  for (const target of [page, ...frames]) await target.evaluate('document.fonts.ready.then(() => document.fonts.status)').catch(() => undefined);
  await sleep(300);
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide (rows less cut off). */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.monaco-workbench .part.sidebar').boundingBox();
  if (!box || Math.abs(box.width - width) < 4) return;
  const edge = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(edge + 1, y);
  await page.mouse.down();
  await page.mouse.move(edge + 1 + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width + 1, y, { steps: 4 });
  await page.mouse.up();
}

/** Clicks an inline action (e.g. "Open Chat") of a tree row: hover the row so its actions show, then click. */
export async function clickRowAction(row: Locator, action: string): Promise<void> {
  await row.hover();
  const button = row.locator(`.actions .action-label[aria-label^="${cssString(action)}"]`);
  await button.first().waitFor({ state: 'visible', timeout: 10_000 });
  await button.first().click();
}

/** Expands a tree row if it is collapsed (clicking its twistie, as a person would). */
export async function expandRow(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await waitUntil(async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), 10_000, () => 'the row did not expand');
}

/**
 * Runs a command by its palette label like `wb.runCommand`, sturdier against webviews taking the focus: the focus is
 * taken back from a webview first (F1 pressed inside a webview's iframe does not always reach the workbench), and if
 * the palette closes before the command ran (a chat that finishes loading focuses its input), it is tried again.
 */
export async function runFromPalette(wb: Workbench, label: string, attempts = 3): Promise<void> {
  const page = wb.page;
  const palette = page.locator('.quick-input-widget');
  const input = palette.locator('input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${label}`, { timeout: 5_000 });
      await palette.locator('.monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 5_000 });
      await sleep(200); // the list filters asynchronously
      if ((await input.inputValue({ timeout: 1_000 })) !== `>${label}`) throw new Error('the palette lost its text');
      await page.keyboard.press('Enter');
      // Done when the palette closes, or turns into the command's own quick input (a pick, a save dialog).
      await waitUntil(
        async () => ((await palette.isHidden()) || !(await input.inputValue({ timeout: 1_000 }).catch(() => '')).startsWith('>') ? true : undefined),
        10_000,
        () => 'the palette stayed open after Enter',
      );
      return;
    } catch (err) {
      if (attempt >= attempts) throw new Error(`could not run "${label}" from the command palette: ${(err as Error).message}`);
      await page.keyboard.press('Escape').catch(() => undefined);
      await sleep(500);
    }
  }
}

/** The quick input (palette, quick picks, the simple file dialog). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Clicks the quick pick item whose label is `label` (once the pick shows it). */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = quickInput(page).locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  await row.first().waitFor({ state: 'visible', timeout: 15_000 });
  await row.first().click();
}

/**
 * Answers VS Code's simple save dialog (what the web workbench shows for `showSaveDialog`: a quick input holding a
 * path): waits for it, replaces the path with `path`, presses Enter and waits for it to close. Returns the path it
 * proposed.
 */
export async function saveDialogPath(page: Page, path: string): Promise<string> {
  const input = quickInput(page).locator('input');
  // The dialog's input holds an absolute path (the palette before it held ">…"): first the folder, then the file
  // name is filled in. Wait for a file path that stays put.
  let last = '';
  const proposed = await waitUntil(
    async () => {
      const v = (await quickInput(page).isVisible()) ? await input.inputValue({ timeout: 1_000 }).catch(() => '') : '';
      const settled = v === last && v.startsWith('/') && !v.endsWith('/');
      last = v;
      return settled ? v : undefined;
    },
    15_000,
    () => 'the save dialog did not show',
  );
  await input.fill(path);
  await sleep(300); // the dialog reacts to the typed path (completions) before it accepts it
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: 15_000 });
  return proposed;
}

/** Reloads the window through the command palette and waits for the workbench to be back. */
export async function reloadWindow(wb: Workbench): Promise<void> {
  const page = wb.page;
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await runFromPalette(wb, 'Developer: Reload Window').catch(() => undefined); // the palette goes away with the page
  await reloaded;
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
