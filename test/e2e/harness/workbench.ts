/** Drives the VS Code web workbench served by code-server in headless Chromium, as a person would. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { chromiumPath, extensionId, resultsDir } from './paths';
import { sleep } from './processes';

/** Flags Chromium needs on this machine: no sandbox as root, no GPU, no calls to Google's hosts. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Workbench {
  readonly browser: Browser;
  readonly page: Page;
  /** Console lines of the workbench page (errors included), for diagnostics. */
  readonly console: string[];
  /** Runs a command by its palette label, e.g. "AICode: Open Chat". */
  runCommand(label: string): Promise<void>;
  /** Opens the command palette on `query` and returns the labels it lists (palette left open). */
  listCommands(query: string): Promise<string[]>;
  /** Clicks the AICode container in the activity bar and waits for its side bar. */
  openAicodeView(): Promise<void>;
  /** The frame holding our chat webview's DOM (the inner `active-frame` of our `iframe.webview`). */
  chatFrame(timeoutMs?: number): Promise<Frame>;
  /**
   * Trusts the open folder: answers VS Code's trust dialog if one is up, else (the web workbench opens an
   * untrusted folder straight in Restricted Mode, without asking) uses the Workspace Trust editor.
   */
  trustWorkspace(): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  // playwright's launch() gives Chromium a fresh temporary profile each time.
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
}

export interface OpenOptions {
  /** VS Code's `payload` URL parameter (e.g. extensionDevelopmentPath / extensionTestsPath). */
  payload?: [string, string][];
  /** Reuse a browser (a new context is still made); default: launch one and close it with the workbench. */
  browser?: Browser;
  /** Called by the workbench when an extension test run ends (`window.codeAutomationExit`). */
  onAutomationExit?: (code: number) => void;
}

export async function openWorkbench(server: CodeServer, opts: OpenOptions = {}): Promise<Workbench> {
  const browser = opts.browser ?? (await launchBrowser());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  const onExit = opts.onAutomationExit;
  if (onExit) await page.exposeFunction('codeAutomationExit', (code: number) => onExit(code));
  await page.goto(server.workbenchUrl(opts.payload), { waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page);

  const palette = page.locator('.quick-input-widget');
  const openPalette = async (query: string): Promise<void> => {
    await page.keyboard.press('F1');
    await palette.locator('input').waitFor({ state: 'visible' });
    await palette.locator('input').fill(`>${query}`);
    await sleep(300); // the list filters asynchronously
  };
  const rowLabels = (): Promise<string[]> => palette.locator('.monaco-list-row .label-name').allInnerTexts();

  const wb: Workbench = {
    browser,
    page,
    console: consoleLines,
    async runCommand(label) {
      await openPalette(label);
      await palette.locator('.monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'hidden' });
    },
    async listCommands(query) {
      await openPalette(query);
      await palette.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
      return rowLabels();
    },
    async openAicodeView() {
      const title = page.locator('.part.sidebar .composite.title').getByText(/AICode/i).first();
      const tab = page.locator('.part.activitybar').getByRole('tab', { name: /^AICode/ });
      // The icon toggles: clicking the active container's icon hides the side bar. Only click while it is not showing,
      // and click again if a workbench still restoring itself (after a reload) showed it and the click hid it.
      for (let attempt = 0; attempt < 3 && !(await title.isVisible()); attempt++) {
        await tab.click();
        await title.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      }
      await title.waitFor({ state: 'visible' });
    },
    chatFrame: (timeoutMs = 30_000) => findChatFrame(page, timeoutMs),
    async trustWorkspace() {
      const yes = page.getByRole('button', { name: /Yes, I trust the authors/ }).first();
      if (await yes.isVisible()) {
        await yes.click();
      } else {
        await wb.runCommand('Workspaces: Manage Workspace Trust');
        const editor = page.locator('.workspace-trust-editor');
        await editor.waitFor({ state: 'visible' });
        const trust = editor.getByRole('button', { name: /^Trust$/ }).first();
        const trusted = editor.getByText('You trust this folder');
        // The editor renders its buttons a moment after it appears: wait for one state or the other, not a snapshot.
        await trust.or(trusted).first().waitFor({ state: 'visible' });
        if (await trust.isVisible()) await trust.click();
        await trusted.waitFor({ state: 'visible' });
        await wb.runCommand('View: Close Editor'); // 1.139 shows it as a modal editor that blocks clicks
      }
      await page.locator('.part.statusbar').getByText('Restricted Mode').waitFor({ state: 'hidden' });
    },
    async screenshot(name) {
      mkdirSync(resultsDir, { recursive: true });
      const path = join(resultsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      if (!opts.browser) await browser.close().catch(() => undefined);
    },
  };
  return wb;
}

/** The workbench is ready when its parts are laid out and the remote extension host connected. */
async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

/**
 * VS Code nests each webview in two iframes: an outer `iframe.webview` whose URL names the extension
 * (`extensionId=…`), and inside it `iframe#active-frame` with the extension's HTML. Match on both so
 * another extension's webview (or a stale frame during a reload) is never picked.
 */
async function findChatFrame(page: Page, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (!parent || !parent.url().includes(`extensionId=${extensionId}`)) continue;
      if (frame.name() !== 'active-frame' && !frame.url().includes('fake.html')) continue;
      const ready = await frame.locator('body *').first().isVisible().catch(() => false);
      if (ready) return frame;
    }
    if (Date.now() >= deadline) throw new Error(`no webview of ${extensionId} appeared within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
