/**
 * The chat webview as a person uses it, on top of `openWorkbench`: type a prompt and press Send, wait for text in the
 * conversation log, find tool cards and permission requests. Locators follow the contract (textbox "Message Claude",
 * role "log", buttons "Send"/"Stop", a group named "Permission request…"), never CSS internals, except where a test
 * has to look at markup on purpose (highlighted code, tool card status).
 */
import type { Frame, Locator } from 'playwright-core';
import { sleep } from './processes';
import type { Workbench } from './workbench';

export interface ChatUi {
  readonly frame: Frame;
  readonly input: Locator;
  readonly log: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  /** Types `text` into "Message Claude" and clicks Send. */
  send(text: string): Promise<void>;
  /** The log's visible text with whitespace collapsed. */
  logText(): Promise<string>;
  /** Waits until the log's text (whitespace collapsed) matches; returns it. Throws with what the log showed. */
  waitForLog(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** The pending permission request(s): groups whose accessible name starts with "Permission request". */
  permissionRequest(): Locator;
  /** Tool cards in the log (optionally those whose text mentions `text`). */
  toolCards(text?: string | RegExp): Locator;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Opens the AICode view and returns the chat once its input is on screen. */
export async function openChat(wb: Workbench, timeoutMs = 60_000): Promise<ChatUi> {
  await wb.openAicodeView();
  const frame = await wb.chatFrame(timeoutMs);
  return chatUi(frame, timeoutMs);
}

export async function chatUi(frame: Frame, timeoutMs = 60_000): Promise<ChatUi> {
  const input = frame.getByRole('textbox', { name: 'Message Claude' });
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  // tsx compiles the spec with esbuild's keepNames: functions passed to evaluate() call `__name`, which the page lacks.
  await frame.evaluate('globalThis.__name ??= (f) => f');
  const log = frame.getByRole('log').first();
  const ui: ChatUi = {
    frame,
    input,
    log,
    sendButton: frame.getByRole('button', { name: 'Send', exact: true }),
    stopButton: frame.getByRole('button', { name: 'Stop', exact: true }),
    async send(text) {
      await input.fill(text);
      await ui.sendButton.click();
    },
    async logText() {
      return collapse(await log.innerText().catch(() => ''));
    },
    async waitForLog(match, waitMs = 60_000) {
      const deadline = Date.now() + waitMs;
      let shown = '';
      for (;;) {
        shown = await ui.logText();
        if (typeof match === 'string' ? shown.includes(collapse(match)) : match.test(shown)) return shown;
        if (Date.now() >= deadline) throw new Error(`the log never showed ${String(match)} within ${waitMs / 1000} s; it shows:\n${shown.slice(-2000)}`);
        await sleep(150);
      }
    },
    permissionRequest: () => frame.getByRole('group', { name: /^Permission request/ }),
    toolCards: (text) => (text === undefined ? log.locator('.item-tool') : log.locator('.item-tool', { hasText: text })),
  };
  return ui;
}

/** The status a tool card shows ("Running", "Done", "Failed", "Denied"). */
export async function toolStatus(card: Locator): Promise<string> {
  return collapse(await card.locator('.status-text').first().innerText());
}

/** Waits until `card` shows one of `statuses`; returns the one it shows. */
export async function waitForToolStatus(card: Locator, statuses: readonly string[], timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  for (;;) {
    status = await toolStatus(card).catch(() => '');
    if (statuses.includes(status)) return status;
    if (Date.now() >= deadline) throw new Error(`the tool card never showed ${statuses.join(' / ')} within ${timeoutMs / 1000} s (it shows "${status}")`);
    await sleep(150);
  }
}

/** Labels of the editor tabs in the workbench (e.g. a diff editor's "x.txt ↔ proposed by Claude"). */
export async function editorTabs(wb: Workbench): Promise<string[]> {
  return wb.page.locator('.part.editor .tabs-container .tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') ?? t.textContent ?? ''));
}

export interface Contrast {
  /** WCAG 2 contrast ratio of the text colour over the effective background (1 … 21). */
  ratio: number;
  fg: string;
  bg: string;
}

/**
 * The WCAG contrast of the first element matching each selector: its text colour against the background it is drawn
 * on (the ancestors' background colours composited from the root down). Missing elements are left out.
 */
export async function contrastOf(frame: Frame, selectors: Record<string, string>): Promise<Record<string, Contrast>> {
  return frame.evaluate((sels) => {
    type Rgba = [number, number, number, number];
    const parse = (s: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(s);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1) as Rgba;
    const lum = (c: Rgba): number => {
      const ch = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const hex = (c: Rgba): string => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
    const out: Record<string, { ratio: number; fg: string; bg: string }> = {};
    for (const [name, sel] of Object.entries(sels)) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
      let bg: Rgba = [255, 255, 255, 1];
      for (const e of chain) bg = over(parse(getComputedStyle(e).backgroundColor), bg);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      out[name] = { ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100, fg: hex(fg), bg: hex(bg) };
    }
    return out;
  }, selectors);
}

/**
 * Runs a command from the palette that answers with a quick pick (e.g. "AICode: Resume Session…") and waits until
 * the pick lists a row with `rowText`; returns that row. `Workbench.runCommand` cannot be used: it waits for the
 * palette to close, and the quick pick reuses the same widget.
 */
export async function runCommandToQuickPick(wb: Workbench, label: string, rowText: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
  const widget = wb.page.locator('.quick-input-widget');
  await wb.page.keyboard.press('F1');
  await widget.locator('input').waitFor({ state: 'visible' });
  await widget.locator('input').fill(`>${label}`);
  await widget.locator('.monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
  await wb.page.keyboard.press('Enter');
  const row = widget.locator('.monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row;
}

/** Collapses the Sessions view under the chat (as a person would to give the chat the side bar's height). */
export async function collapseSessionsView(wb: Workbench): Promise<void> {
  const header = wb.page.locator('.part.sidebar .pane-header', { hasText: /^Sessions/ }).first();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  await wb.page.waitForFunction(() => document.querySelector('.part.sidebar .pane-header[aria-expanded="false"]') !== null);
}
