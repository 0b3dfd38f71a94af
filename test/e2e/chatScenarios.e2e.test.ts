/**
 * The chat as a person uses it, in real VS Code (code-server) and Chromium, with the real `claude` CLI talking to the
 * fake Anthropic API: markdown and code rendering, permission prompts allowed and denied (checked on disk), Stop,
 * hostile model output, a 5,000-message transcript, and screenshots in light, dark and high-contrast themes.
 * Every scenario has its own code-server, HOME and workspace, and proves that no process outlived it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { lastToolResults, lastUserText, message, slow, text, toolUse, words, type FakeApi, type ReplyFn, startFakeApi } from '../fixtures/fakeApi';
import { collapseSessionsView, contrastOf, editorTabs, openChat, runCommandToQuickPick, waitForToolStatus, type ChatUi } from './harness/chat';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './harness/codeServer';
import { fakeApiWorkspaceSettings } from './harness/environment';
import { resultsDir } from './harness/paths';
import { sleep } from './harness/processes';
import { writeTranscript } from './harness/transcripts';
import { openWorkbench, type Workbench } from './harness/workbench';

interface Scenario {
  api: FakeApi;
  server: CodeServer;
  wb: Workbench;
}

/**
 * One code-server + fake API + workbench per `describe`, torn down in `after` with the leak check. `handler` gets the
 * scenario (for the workspace path) and answers every model request; side requests that carry no prompt get "ok".
 */
function useScenario(label: string, handler: (s: Scenario) => ReplyFn, opts: Partial<CodeServerOptions> & { settings?: Record<string, unknown> } = {}): () => Scenario {
  let current: Scenario | undefined;
  before(async function () {
    this.timeout(90_000);
    const api = await startFakeApi();
    let server: CodeServer | undefined;
    try {
      server = await startCodeServer({ label, ...opts, workspaceSettings: fakeApiWorkspaceSettings(api.url, opts.settings ?? {}) });
      const wb = await openWorkbench(server);
      current = { api, server, wb };
      api.setHandler(handler(current));
    } catch (err) {
      const leaks = (await server?.stop()) ?? [];
      await api.close();
      if (leaks.length) throw new Error(`${String(err)}; and processes leaked: ${JSON.stringify(leaks)}`);
      throw err;
    }
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await current?.wb.screenshot(`${label}-failure-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(60_000);
    if (!current) return;
    await current.wb.close();
    const leaks = await current.server.stop();
    await current.api.close();
    assert.deepEqual(leaks, [], `processes outlived code-server in "${label}" (a claude process was not stopped?)`);
  });
  return () => {
    if (!current) throw new Error(`scenario ${label} did not start`);
    return current;
  };
}

/** Clicks a button of the pending permission request after checking it offers all three answers. */
async function answerPermission(chat: ChatUi, answer: 'Allow' | 'Allow for session' | 'Deny', timeoutMs = 60_000): Promise<void> {
  const group = chat.permissionRequest().first();
  await group.waitFor({ state: 'visible', timeout: timeoutMs });
  for (const name of ['Allow', 'Allow for session', 'Deny']) {
    assert.ok(await group.getByRole('button', { name, exact: true }).isVisible(), `the permission request has no "${name}" button`);
  }
  await group.getByRole('button', { name: answer, exact: true }).click();
}

const report: Record<string, unknown> = {};
function note(key: string, value: unknown): void {
  report[key] = value;
  console.log(`      [chatScenarios] ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

describe('chat scenarios (e2e)', function () {
  this.timeout(120_000);

  // ------------------------------------------------------------------------------------------------ 1. markdown
  describe('streamed markdown and code', () => {
    const PROMPT = 'Show me markdown and a TypeScript snippet';
    const ANSWER = [
      '## Greeting helper',
      '',
      'Two things to know:',
      '',
      '- it takes a `name` string,',
      '- it returns a greeting.',
      '',
      '```ts',
      'export function greet(name: string): string {',
      '  return `Hello, ${name}!`;',
      '}',
      '```',
      '',
      'That is all: call `greet("e2e")`.',
    ].join('\n');
    const scenario = useScenario('chat-markdown', () => (req) => (lastUserText(req.body).includes(PROMPT) ? text(ANSWER, { chunkSize: 5, delayMs: 10 }) : text('ok')));

    it('renders a heading, list items and a highlighted code block with Copy / Insert / New file buttons', async () => {
      const { wb } = scenario();
      const chat = await openChat(wb);
      await chat.send(PROMPT);
      await chat.waitForLog('That is all: call greet("e2e").', 90_000);
      // The streaming cursor goes away with the final message; by then the markdown is the finished one.
      await chat.frame.waitForFunction(() => !document.querySelector('.streaming'), undefined, { timeout: 30_000 });

      const heading = chat.log.getByRole('heading', { name: 'Greeting helper' });
      assert.equal(await heading.count(), 1, 'no heading element for "## Greeting helper"');
      assert.equal(await heading.evaluate((el) => el.tagName), 'H2');
      const items = await chat.log.getByRole('listitem').allInnerTexts();
      assert.deepEqual(items.map((t) => t.trim()), ['it takes a name string,', 'it returns a greeting.']);
      assert.equal(await chat.log.locator('li code', { hasText: 'name' }).count(), 1, 'inline code inside the list item is not a <code> element');

      const block = chat.log.locator('.code-block').first();
      await block.waitFor({ state: 'visible' });
      assert.match(await block.locator('pre code').innerText(), /export function greet\(name: string\): string \{/);
      const tokens = await block.locator('pre code span[class^="hljs-"]').count();
      assert.ok(tokens >= 3, `the code block is not highlighted (${tokens} hljs tokens)`);
      const keyword = await block.locator('pre code .hljs-keyword').first().evaluate((el) => getComputedStyle(el).color);
      const plain = await block.locator('pre code').evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(keyword, plain, 'keywords are not coloured differently from plain code');
      for (const name of ['Copy', 'Insert at cursor', 'Open in new file']) {
        assert.ok(await block.getByRole('button', { name, exact: true }).isVisible(), `the code block has no "${name}" button`);
      }

      // A person clicks "Open in new file": an untitled TypeScript editor with the snippet opens.
      await block.getByRole('button', { name: 'Open in new file', exact: true }).click();
      const editor = wb.page.locator('.part.editor .monaco-editor .view-lines').first();
      await editor.waitFor({ state: 'visible', timeout: 15_000 });
      const deadline = Date.now() + 15_000;
      let code = '';
      while (Date.now() < deadline && !code.includes('function greet')) {
        code = (await editor.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        await sleep(200);
      }
      assert.ok(code.includes('export function greet'), `the new editor does not hold the snippet: ${code}`);
      note('markdown.tabs', await editorTabs(wb));
      await wb.screenshot('chat-markdown');
    });
  });

  // ------------------------------------------------------------------------------------------------ 2 + 3. permissions
  describe('permission requests', () => {
    const scenario = useScenario('chat-permissions', (s) => (req) => {
      const prompt = lastUserText(req.body);
      const results = lastToolResults(req.body);
      if (results.length > 0) {
        const r = results[0];
        return text(r.isError ? `The write was refused: ${r.text.slice(0, 80)}` : `Finished writing (${r.toolUseId}).`, { chunkSize: 20 });
      }
      for (const name of ['allowed', 'denied']) {
        if (prompt.includes(`Write ${name}.txt`)) {
          return toolUse('Write', { file_path: join(s.server.workspace, `${name}.txt`), content: `content of ${name}.txt\n` }, { text: `Writing ${name}.txt.`, id: `toolu_e2e_${name}` });
        }
      }
      return text('ok');
    });

    it('allowed: the file is written and the tool card shows Done', async () => {
      const { wb, server } = scenario();
      const chat = await openChat(wb);
      await chat.send('Please Write allowed.txt');
      const group = chat.permissionRequest().first();
      await group.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match((await group.getAttribute('aria-label')) ?? '', /^Permission request: Write/);
      assert.match(await group.innerText(), /allowed\.txt/);
      // The implementation opens the proposed change as a diff next to the chat; report it, don't require it.
      await sleep(1500);
      const tabs = await editorTabs(wb);
      const diffTab = tabs.find((t) => t.includes('allowed.txt'));
      note('permission.diffTab', diffTab ?? `(no diff tab; tabs: ${JSON.stringify(tabs)})`);
      await wb.screenshot('chat-permission-pending');
      assert.equal(existsSync(join(server.workspace, 'allowed.txt')), false, 'the file was written before it was allowed');

      await answerPermission(chat, 'Allow');
      const card = chat.toolCards('allowed.txt').first();
      assert.equal(await waitForToolStatus(card, ['Done', 'Failed', 'Denied']), 'Done');
      assert.equal(readFileSync(join(server.workspace, 'allowed.txt'), 'utf8'), 'content of allowed.txt\n');
      await chat.waitForLog('Finished writing (toolu_e2e_allowed).');
      await chat.frame.getByRole('group', { name: /^Permission allowed: Write/ }).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await chat.permissionRequest().count(), 0, 'a permission request is still pending');
    });

    it('denied: the file is not written and the tool card shows Denied', async () => {
      const { wb, server } = scenario();
      const chat = await openChat(wb);
      await chat.send('Please Write denied.txt');
      await answerPermission(chat, 'Deny');
      const card = chat.toolCards('denied.txt').first();
      const status = await waitForToolStatus(card, ['Done', 'Failed', 'Denied']);
      assert.ok(status === 'Denied' || status === 'Failed', `the denied tool card shows "${status}"`);
      note('permission.deniedStatus', status);
      await chat.waitForLog('The write was refused');
      await chat.frame.getByRole('group', { name: /^Permission denied: Write/ }).waitFor({ state: 'visible', timeout: 10_000 });
      await sleep(500);
      assert.equal(existsSync(join(server.workspace, 'denied.txt')), false, 'denied.txt was written although the request was denied');
      await wb.screenshot('chat-permission-denied');
    });
  });

  // ------------------------------------------------------------------------------------------------ 4. Stop
  describe('Stop', () => {
    const scenario = useScenario('chat-stop', () => (req) => {
      const prompt = lastUserText(req.body);
      if (prompt.includes('Tell me a long story')) return slow(words(400, 'story'), 150);
      if (prompt.includes('And now a short one')) return text('A short one: the end.', { chunkSize: 6, delayMs: 10 });
      return text('ok');
    });

    it('interrupts a slow reply within seconds, and the next prompt works', async () => {
      const { wb, api } = scenario();
      const chat = await openChat(wb);
      await chat.send('Tell me a long story');
      await chat.waitForLog('story5', 60_000);
      assert.ok(await chat.stopButton.isEnabled(), 'Stop is not enabled while the reply streams');
      const t0 = Date.now();
      await chat.stopButton.click();
      const shown = await chat.waitForLog(/Interrupted|Stopped/, 10_000);
      const deadline = Date.now() + 10_000;
      while ((await chat.stopButton.isEnabled()) && Date.now() < deadline) await sleep(100);
      const stoppedMs = Date.now() - t0;
      note('stop.turnEndedMs', stoppedMs);
      assert.ok(stoppedMs < 10_000, `the turn took ${stoppedMs} ms to end after Stop`);
      assert.equal(await chat.stopButton.isEnabled(), false, 'Stop is still enabled after the turn ended');
      assert.ok(!shown.includes('story399'), 'the whole story streamed although Stop was pressed');
      const footer = chat.log.locator('.item-footer', { hasText: 'Stopped' }).first();
      await footer.waitFor({ state: 'visible', timeout: 10_000 });
      note('stop.footer', (await footer.innerText()).replace(/\s+/g, ' '));
      assert.equal(await footer.evaluate((el) => el.classList.contains('footer-error')), false, 'a stop the person asked for is shown as an error');
      const streamed = api.requests.find((r) => lastUserText(r.body).includes('Tell me a long story'));
      assert.ok(streamed, 'the story prompt never reached the API');
      note('stop.apiResponse', `${streamed.outcome ?? 'still open'} after ${streamed.deltasSent} deltas`);
      await wb.screenshot('chat-stopped');

      await chat.send('And now a short one');
      await chat.waitForLog('A short one: the end.', 60_000);
    });

    it('the header’s model list has "Other…": a typed model name becomes the session’s model for the next request', async () => {
      const { wb, api } = scenario();
      const chat = await openChat(wb);
      const model = chat.frame.getByRole('combobox', { name: 'Model' });
      await model.selectOption({ label: 'Other…' });
      // VS Code's own pick and input box, as for the "Select Model…" command.
      const widget = wb.page.locator('.quick-input-widget');
      await widget.locator('.monaco-list-row', { hasText: 'Other…' }).first().click({ timeout: 15_000 });
      const input = widget.locator('input');
      await wb.page.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-title')?.textContent?.includes('Model name'), undefined, { timeout: 15_000 });
      await input.fill('claude-custom-e2e-7');
      await wb.page.keyboard.press('Enter');
      await chat.frame.waitForFunction(() => (document.querySelector('select.model') as HTMLSelectElement | null)?.value === 'claude-custom-e2e-7', undefined, { timeout: 15_000 });
      await wb.screenshot('chat-model-other');
      const before = api.requests.length;
      await chat.send('Which model answers now?');
      await chat.waitForLog(/Which model answers now\?.*ok/, 60_000);
      const asked = api.requests.slice(before).find((r) => lastUserText(r.body).includes('Which model answers now?'));
      assert.equal(asked?.body?.model, 'claude-custom-e2e-7');
    });
  });

  // ------------------------------------------------------------------------------------------------ 5. XSS
  describe('hostile model output', () => {
    const HTML_NAME = 'x<img src=y onerror=window.__pwned=5>.txt';
    const MARKDOWN = [
      'Here are some tricks:',
      '',
      '<img src=x onerror="window.__pwned=1">',
      '',
      '<script>window.__pwned=2</script>',
      '',
      'A link: [click](javascript:window.__pwned=3) and <a href="javascript:window.__pwned=6">raw anchor</a>',
      '',
      'An autolink <javascript:window.__pwned=7> and an image ![pic](https://evil.example/x.png)',
      '',
      '<iframe src="https://evil.example/"></iframe> <style>body{display:none}</style>',
    ].join('\n');
    const scenario = useScenario('chat-xss', (s) => (req) => {
      const prompt = lastUserText(req.body);
      const results = lastToolResults(req.body);
      if (results.some((r) => r.toolUseId === 'toolu_xss_bash')) {
        return toolUse('Write', { file_path: join(s.server.workspace, HTML_NAME), content: '<script>window.__pwned=8</script>\n' }, { text: 'Now a file with a strange name.', id: 'toolu_xss_write' });
      }
      if (results.some((r) => r.toolUseId === 'toolu_xss_write')) return text('All done <img src=x onerror="window.__pwned=9">.', { chunkSize: 7 });
      if (prompt.includes('Show me tricky output')) {
        return message(
          [
            { type: 'text', text: MARKDOWN },
            { type: 'tool_use', name: 'Bash', id: 'toolu_xss_bash', input: { command: "echo '<svg onload=window.__pwned=4>'", description: 'Print <b onmouseover=window.__pwned=10>markup</b>' } },
          ],
          { chunkSize: 9 },
        );
      }
      return text('ok');
    });

    it('shows it as text: no script runs, no markup or remote request gets through, javascript: links do nothing', async () => {
      const { wb } = scenario();
      const chat = await openChat(wb);
      // Watched from here on (the chat is loaded): every request of every frame and service worker.
      const remote: string[] = [];
      const ignored: string[] = [];
      const onRequest = (r: Request): void => {
        const url = new URL(r.url());
        if (!/^(https?|wss?):$/i.test(url.protocol)) return;
        if (/\/(x|y|z)$/.test(url.pathname)) remote.push(`the payload's image: ${r.url()}`);
        else if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return;
        // Webview resources: a virtual host the webview's service worker answers from the server (never the network).
        else if (url.hostname.endsWith('.vscode-resource.vscode-cdn.net')) ignored.push(r.url());
        // The workbench's own extension gallery (code-server uses Open VSX), not the chat.
        else if (url.hostname === 'open-vsx.org' && url.pathname.startsWith('/vscode/gallery/')) ignored.push(r.url());
        else remote.push(r.url());
      };
      wb.page.context().on('request', onRequest);
      const frameUrl = chat.frame.url();
      const navigations: string[] = [];
      wb.page.on('framenavigated', (f) => {
        if (f === chat.frame) navigations.push(f.url());
      });
      await chat.frame.evaluate(() => {
        const w = window as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });

      // The prompt carries markup too: it becomes the user bubble, the session title in the tree and the view's title.
      await chat.send('Show me tricky output <img src=z onerror=window.__pwned=11>');
      // Bash `echo` may or may not need a permission in default mode; allow whatever is asked.
      const deadline = Date.now() + 90_000;
      let done = false;
      while (!done && Date.now() < deadline) {
        if (await chat.permissionRequest().first().isVisible().catch(() => false)) {
          note('xss.permissionAsked', await chat.permissionRequest().first().getAttribute('aria-label'));
          await answerPermission(chat, 'Allow');
        }
        done = (await chat.logText()).includes('All done');
        await sleep(250);
      }
      assert.ok(done, `the scripted conversation did not finish; the log shows:\n${await chat.logText()}`);
      await sleep(1000); // let any injected handler fire

      const shown = await chat.logText();
      // The payloads are visible as text, so nothing was silently swallowed either.
      for (const t of ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '[click](javascript:window.__pwned=3)', '<svg onload=window.__pwned=4>']) {
        assert.ok(shown.includes(t), `"${t}" is not shown as text; the log shows:\n${shown}`);
      }
      assert.ok(shown.includes('x<img src=y onerror=window.__pwned=5>.txt'), `the HTML file name is not shown as text:\n${shown}`);
      assert.ok(shown.includes('Show me tricky output <img src=z onerror=window.__pwned=11>'), `the prompt is not shown as text:\n${shown}`);
      const sessionRow = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Show me tricky output' }).first();
      if (await sessionRow.isVisible().catch(() => false)) note('xss.sessionTreeRow', (await sessionRow.innerText()).replace(/\s+/g, ' '));
      assert.equal(await wb.page.locator('.monaco-workbench img[src="z"], .monaco-workbench img[src="y"]').count(), 0, 'a payload <img> got into the workbench (tab or tree label)');

      const probe = await chat.frame.evaluate(() => {
        const root = document.getElementById('aicode-chat-root')!;
        const onAttrs = Array.from(root.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`));
        const anchors = Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? '');
        return {
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          dangerous: root.querySelectorAll('script, img[onerror], svg, iframe, object, embed, style, link, meta, form, base').length,
          images: Array.from(root.querySelectorAll('img')).map((i) => i.getAttribute('src')?.slice(0, 40)),
          onAttrs,
          anchors,
          csp: (window as unknown as { __csp: string[] }).__csp,
        };
      });
      note('xss.probe', probe);
      assert.equal(probe.pwned, undefined, 'a payload ran in the chat webview');
      assert.equal(probe.dangerous, 0, 'script/img[onerror]/svg/iframe/style elements got into the chat');
      assert.deepEqual(probe.images, [], 'an <img> got into the chat');
      assert.deepEqual(probe.onAttrs, [], 'an on* attribute got into the chat');
      assert.ok(!probe.anchors.some((h) => /^\s*javascript:/i.test(h)), `a javascript: href survived: ${JSON.stringify(probe.anchors)}`);
      assert.deepEqual(probe.csp, [], 'something was attempted and blocked by the CSP (markup got through)');
      assert.equal(await wb.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'a payload ran in the workbench');

      // A person clicks the "link": whatever is rendered there, the frame stays where it is and nothing runs.
      const clickable = chat.log.getByText('[click](javascript:window.__pwned=3)', { exact: false }).first();
      await clickable.click();
      const raw = chat.log.getByText('raw anchor', { exact: false }).first();
      await raw.click();
      await sleep(1000);
      assert.equal(chat.frame.url(), frameUrl, 'the chat frame navigated');
      assert.deepEqual(navigations, [], 'the chat frame navigated');
      assert.equal(await chat.frame.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'clicking the link ran it');
      assert.ok(existsSync(join(scenario().server.workspace, HTML_NAME)), 'the Write with the HTML file name did not happen (the scenario did not run as scripted)');
      wb.page.context().off('request', onRequest);
      if (ignored.length) note('xss.ignoredRequests', ignored);
      assert.deepEqual(remote, [], 'a request to a remote host (or for the payload image) was attempted');
      await wb.screenshot('chat-xss');
    });
  });

  // ------------------------------------------------------------------------------------------------ 6. 5,000 messages
  describe('a 5,000-message transcript', () => {
    const MESSAGES = 5000;
    let sessionId = '';
    const scenario = useScenario('chat-longtranscript', () => () => text('ok'));

    it('resumes from the command palette, shows the last message, and scrolls to the top', async () => {
      const { wb, server } = scenario();
      const textOf = (i: number): string => {
        const k = Math.floor(i / 2);
        if (i % 2 === 0) return i === 0 ? 'Question 0: the first prompt of a very long conversation' : `Question ${k}: what about item ${k}?`;
        if (i === MESSAGES - 1) return `Answer ${k}: LAST-MESSAGE-OF-THE-TRANSCRIPT.`;
        if (k % 10 === 3) return `Answer ${k} with code:\n\n\`\`\`ts\nexport const item${k} = ${k} * 2;\n\`\`\``;
        if (k % 10 === 7) return `Answer ${k}:\n\n- first point about **item ${k}**\n- second point with \`code\``;
        return `Answer ${k}: item ${k} is fine. ${'Some more words to make the line wrap in a narrow side bar. '.repeat(k % 3)}`;
      };
      const written = writeTranscript({ home: server.home, cwd: server.workspace, messages: MESSAGES, textOf });
      sessionId = written.sessionId;
      note('transcript.bytes', written.bytes);

      const chat = await openChat(wb);
      await collapseSessionsView(wb); // the chat gets the side bar's height: more of the transcript on screen per frame
      const pick = await runCommandToQuickPick(wb, 'AICode: Resume Session', 'Question 0');
      note('transcript.quickPickRow', (await pick.innerText()).replace(/\s+/g, ' '));
      const t0 = Date.now();
      await wb.page.keyboard.press('Enter');
      await chat.frame.waitForFunction(
        () => {
          const log = document.getElementById('transcript');
          const last = Array.from(log?.querySelectorAll('.item-assistant') ?? []).find((el) => el.textContent?.includes('LAST-MESSAGE-OF-THE-TRANSCRIPT'));
          if (!log || !last) return false;
          const a = last.getBoundingClientRect();
          const b = log.getBoundingClientRect();
          return a.height > 0 && a.bottom <= b.bottom + 1 && a.top >= b.top - 1;
        },
        undefined,
        { timeout: 60_000, polling: 'raf' },
      );
      const openMs = Date.now() - t0;
      note('transcript.openMs', openMs);
      const itemsInDom = await chat.log.locator('.item').count();
      note('transcript.itemsInDom', itemsInDom);
      assert.ok(itemsInDom < 400, `${itemsInDom} items in the DOM: the list is not virtualised`);

      // Scroll up as fast as a hard flick or a dragged scrollbar thumb: 1,000 px per frame, timing every frame.
      const scroll = await chat.frame.evaluate(
        () =>
          new Promise<{ totalMs: number; frames: number[]; firstVisible: boolean; slow: string[] }>((resolve) => {
            const log = document.getElementById('transcript')!;
            const frames: number[] = [];
            const slow: string[] = [];
            const t0 = performance.now();
            let last = t0;
            const firstVisible = (): boolean => Array.from(log.querySelectorAll('.item-user')).some((el) => el.textContent?.includes('Question 0:') && el.getBoundingClientRect().top >= log.getBoundingClientRect().top - 1);
            const step = (now: number): void => {
              frames.push(now - last);
              if (now - last > 50) slow.push(`#${frames.length} ${Math.round(now - last)} ms at scrollTop ${log.scrollTop}/${log.scrollHeight}`);
              last = now;
              if (log.scrollTop <= 0 && firstVisible()) return resolve({ totalMs: now - t0, frames: frames.slice(1), firstVisible: true, slow });
              if (now - t0 > 60_000) return resolve({ totalMs: now - t0, frames: frames.slice(1), firstVisible: false, slow });
              log.scrollTop = Math.max(0, log.scrollTop - 1000);
              requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
          }),
      );
      const sorted = [...scroll.frames].sort((a, b) => a - b);
      const pct = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0) * 10) / 10;
      const scrollStats = { viewportPx: await chat.log.evaluate((el) => el.clientHeight), totalMs: Math.round(scroll.totalMs), frames: scroll.frames.length, p50Ms: pct(50), p95Ms: pct(95), maxMs: pct(100), over50Ms: scroll.frames.filter((f) => f > 50).length };
      note('transcript.scrollToTop', scrollStats);
      if (scroll.slow.length) note('transcript.slowFrames', scroll.slow.slice(0, 20));
      assert.ok(scroll.firstVisible, 'the first message never came into view at the top');

      // Back to the bottom with the keyboard, then Home on the focused log: a one-jump scroll to the top.
      await chat.frame.evaluate(() => {
        const log = document.getElementById('transcript')!;
        log.scrollTop = log.scrollHeight;
      });
      await sleep(300);
      // Focus last, and make sure it landed: the key goes wherever focus is, and the workbench may have taken it.
      await chat.log.focus();
      await chat.frame.waitForFunction(() => document.hasFocus() && document.activeElement?.id === 'transcript', undefined, { timeout: 5_000 });
      const homeStart = Date.now();
      await wb.page.keyboard.press('Home');
      await chat.frame.waitForFunction(() => document.getElementById('transcript')!.scrollTop === 0 && document.body.innerText.includes('Question 0:'), undefined, { timeout: 10_000, polling: 'raf' });
      const homeMs = Date.now() - homeStart;
      note('transcript.homeKeyMs', homeMs);
      await wb.screenshot('chat-long-transcript-top');

      mkdirSync(resultsDir, { recursive: true });
      const perf = { messages: MESSAGES, bytes: written.bytes, sessionId, openMs, itemsInDom, scrollToTop: scrollStats, homeKeyMs: homeMs, at: new Date().toISOString() };
      writeFileSync(join(resultsDir, 'perf-transcript.json'), `${JSON.stringify(perf, null, 2)}\n`);
      assert.ok(openMs < 20_000, `opening the transcript took ${openMs} ms`);
    });
  });

  // ------------------------------------------------------------------------------------------------ 7. themes
  describe('light, dark and high-contrast themes', () => {
    const scenario = useScenario(
      'chat-themes',
      (s) => (req) => {
        const prompt = lastUserText(req.body);
        const results = lastToolResults(req.body);
        if (results.some((r) => r.toolUseId === 'toolu_theme_notes')) {
          return toolUse('Write', { file_path: join(s.server.workspace, 'todo.md'), content: '# TODO\n\n- ship it\n' }, { text: 'Notes written. One more file:', id: 'toolu_theme_todo' });
        }
        if (prompt.includes('Explain greet')) {
          return text(
            '## How `greet` works\n\nIt **formats** a greeting:\n\n1. takes a `name`,\n2. returns a string.\n\n```ts\nexport const greet = (name: string): string => `Hello, ${name}!`;\n```\n\n> Tip: ask me to write notes.',
            { chunkSize: 12 },
          );
        }
        if (prompt.includes('Write notes')) {
          return toolUse('Write', { file_path: join(s.server.workspace, 'notes.md'), content: 'Notes\n' }, { text: 'Writing notes.md first.', id: 'toolu_theme_notes' });
        }
        return text('ok');
      },
      { settings: { 'workbench.colorTheme': 'Default Light Modern' }, files: { 'greet.ts': 'export const greet = (name: string): string => `Hello, ${name}!`;\n' } },
    );

    it('shows markdown, a tool card and a permission request readably in the light, dark and both high-contrast themes', async () => {
      const { wb, server } = scenario();
      const chat = await openChat(wb);
      // A taller window, and the side bar's whole height for the chat (as a person would: collapse the Sessions view),
      // so one screenshot holds the markdown answer, the tool cards and the permission request.
      await wb.page.setViewportSize({ width: 1400, height: 1200 });
      await collapseSessionsView(wb);
      await chat.send('Explain greet');
      await chat.waitForLog('Tip: ask me to write notes.');
      await chat.send('Write notes please');
      await answerPermission(chat, 'Allow');
      await waitForToolStatus(chat.toolCards('notes.md').first(), ['Done']);
      const pending = chat.permissionRequest().first();
      await pending.waitFor({ state: 'visible', timeout: 60_000 });
      await sleep(1000); // the diff editor opens next to the chat

      const shots: Record<string, string> = {};
      // The workbench's theme class, and the class VS Code puts on the webview's body for that theme.
      for (const [theme, kind, workbenchClass, bodyClass] of [
        ['Default Light Modern', 'light', 'vs', 'vscode-light'],
        ['Default Dark Modern', 'dark', 'vs-dark', 'vscode-dark'],
        ['Default High Contrast', 'high-contrast', 'hc-black', 'vscode-high-contrast'],
        ['Default High Contrast Light', 'high-contrast-light', 'hc-light', 'vscode-high-contrast-light'],
      ] as const) {
        const settings = join(server.workspace, '.vscode', 'settings.json');
        writeFileSync(settings, JSON.stringify({ ...JSON.parse(readFileSync(settings, 'utf8')), 'workbench.colorTheme': theme }, null, 2));
        await wb.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ state: 'attached', timeout: 20_000 });
        await chat.frame.waitForFunction((c) => document.body.classList.contains(c), bodyClass, { timeout: 20_000 });
        await sleep(500);
        const contrast = await contrastOf(chat.frame, {
          text: '.item-assistant .md p',
          heading: '.item-assistant .md h2',
          inlineCode: '.item-assistant .md p code, .item-assistant .md li code',
          codeKeyword: '.code-block .hljs-keyword',
          codeString: '.code-block .hljs-string',
          codeLanguage: '.code-block .code-lang',
          userPrompt: '.item-user .bubble',
          footer: '.item-footer span:not(.codicon)',
          toolName: '.item-tool .tool-name',
          toolFile: '.item-tool .file-link',
          toolDone: '.item-tool.status-done .status-text',
          toolRunning: '.item-tool.status-running .status-text',
          permissionTitle: '.item-permission.pending strong',
          permissionFile: '.item-permission.pending .file-link',
          allowButton: '.item-permission.pending button.primary',
          denyButton: '.item-permission.pending button.secondary',
          settledOutcome: '.item-permission.settled .perm-outcome',
          headerState: '.session-header .state',
        });
        note(`theme.${kind}.contrast`, Object.fromEntries(Object.entries(contrast).map(([k, v]) => [k, `${v.ratio} (${v.fg} on ${v.bg})`])));
        shots[kind] = await wb.screenshot(`chat-theme-${kind}`);
        const frameEl = wb.page.locator('iframe.webview').first();
        await frameEl.screenshot({ path: join(resultsDir, `chat-theme-${kind}-view.png`) });
        assert.ok(Object.keys(contrast).length >= 15, `elements missing from the conversation: got ${Object.keys(contrast).join(', ')}`);
        // WCAG AA asks 4.5:1 for body text; 3:1 is the floor below which a label is hard to read at all.
        const poor = Object.entries(contrast).filter(([, v]) => v.ratio < 3);
        assert.deepEqual(poor, [], `hard-to-read text in ${theme}`);
      }
      note('theme.screenshots', shots);
      await answerPermission(chat, 'Deny');
      await waitForToolStatus(chat.toolCards('todo.md').first(), ['Denied', 'Failed']);
    });
  });

  after(() => {
    if (Object.keys(report).length) console.log(`      [chatScenarios] report: ${JSON.stringify(report)}`);
  });
});
