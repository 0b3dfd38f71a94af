/**
 * The status bar and the health view when the API keeps failing, as a person sees them: with
 * `aicode.resilience.breakerThreshold` 2 and no retries, two prompts answered 529 open the folder's circuit breaker;
 * the "Claude" status bar item turns to "paused after failures" (its hover says which breaker and why); "AICode: Show
 * Health" lists the breaker open with a Reset button; Reset closes it and, once the API is back, the next prompt is
 * answered. Real `claude`, fake API.
 */
import { strict as assert } from 'node:assert';
import { error, lastUserText, startFakeApi, text, type FakeApi, type RecordedRequest, type Reply } from '../fixtures/fakeApi';
import { chatUi, type ChatUi } from './harness/chat';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { fakeApiWorkspaceSettings } from './harness/environment';
import { chatFrameAt, healthFrame, hoverStatus, resizeSideBar, runFromPalette, waitForStatus, waitUntil } from './harness/sessionsView';
import { openWorkbench, type Workbench } from './harness/workbench';

const FAIL_1 = 'Breaker test: first try';
const FAIL_2 = 'Breaker test: second try';
const REFUSED = 'Breaker test: while paused';
const RECOVERED = 'Breaker test: after the reset';
const ANSWER = 'The API is back and answers normally.';

describe('status bar and health view on a breaker trip (e2e)', function () {
  this.timeout(120_000);
  let api: FakeApi | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let chat: ChatUi | undefined;
  /** While true the fake API answers every conversation request with 529 Overloaded. */
  let overloaded = true;

  before(async () => {
    api = await startFakeApi();
    api.setHandler((req) => reply(req, overloaded));
    server = await startCodeServer({
      label: 'status-health',
      workspaceSettings: fakeApiWorkspaceSettings(api.url, { 'aicode.resilience.breakerThreshold': 2, 'aicode.resilience.maxRetries': 0 }),
    });
    wb = await openWorkbench(server);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`status-health-failure-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    await api?.close();
    assert.deepEqual(leaks, [], 'processes outlived code-server (a claude process was not stopped?)');
  });

  it('two failed prompts open the breaker: the status bar says so, and its hover says why', async () => {
    const page = wb!.page;
    await wb!.openAicodeView();
    chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await resizeSideBar(page, 480);
    assert.match((await waitForStatus(page, /Claude/)).text, /^Claude$/, 'the status bar did not start out healthy');

    await chat.send(FAIL_1);
    await waitForFailure(chat, api!, FAIL_1);
    await chat.send(FAIL_2);
    await waitForFailure(chat, api!, FAIL_2);

    const status = await waitForStatus(page, /paused after failures/);
    assert.equal(status.text, 'Claude: paused after failures');
    assert.equal(status.label, 'Claude: circuit breaker open in 1 folder');
    const hover = await hoverStatus(page);
    const tip = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(tip, /Breaker .*workspace: open/, `the hover does not name the open breaker: ${tip}`);
    assert.match(tip, /overload/i, `the hover does not say what failed: ${tip}`);
    await wb!.screenshot('status-tooltip');
    await page.mouse.move(700, 450);

    // While it is open, a prompt is refused at once, without reaching the API.
    await chat.send(REFUSED);
    await chat.waitForLog(/Paused after repeated failures/, 15_000);
    assert.equal(api!.requests.filter((r) => lastUserText(r.body).includes(REFUSED)).length, 0, 'a prompt went to the API while the breaker was open');
  });

  it('the health view shows the open breaker with Reset; Reset closes it and the next prompt is answered', async () => {
    const page = wb!.page;
    await runFromPalette(wb!, 'AICode: Show Health');
    const health = await healthFrame(page);
    const row = health.getByRole('row').filter({ hasText: 'workspace' }).filter({ has: health.getByRole('button', { name: /^Reset the breaker of / }) });
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /\bopen\b/, `the breaker row does not say open: ${rowText}`);
    assert.match(rowText, /overload/i, `the breaker row does not show the last error: ${rowText}`);
    const sessions = (await health.getByRole('table').first().innerText()).replace(/\s+/g, ' ');
    assert.match(sessions, /Breaker test: first try/, `the session is missing from the health view: ${sessions}`);
    await wb!.screenshot('health-view');

    overloaded = false; // the API recovers
    await row.getByRole('button', { name: 'Reset' }).click();
    await waitUntil(async () => ((await health.getByRole('button', { name: /^Reset the breaker of / }).count()) === 0 ? true : undefined), 15_000, () => 'the Reset button is still there after Reset');
    const breakers = (await health.locator('table').nth(1).innerText()).replace(/\s+/g, ' ');
    assert.match(breakers, /closed/, `the breaker does not show closed after Reset: ${breakers}`);
    await waitForStatus(page, (s) => !/paused/.test(s.text) && !/breaker/.test(s.label));

    await runFromPalette(wb!, 'View: Close All Editors');
    chat = await chatUi(await chatFrameAt(page, 'sidebar', 30_000));
    await chat.send(RECOVERED);
    await chat.waitForLog(ANSWER, 60_000);
    const st = await waitForStatus(page, (s) => s.text === 'Claude');
    assert.equal(st.label, 'Claude: ready');
    assert.ok(api!.requests.some((r) => lastUserText(r.body).includes(RECOVERED)), 'the prompt after the reset never reached the API');
  });
});

/** Waits until the API refused `prompt` and the chat shows the failed turn. */
async function waitForFailure(chat: ChatUi, api: FakeApi, prompt: string): Promise<void> {
  await waitUntil(() => (api.requests.some((r) => lastUserText(r.body).includes(prompt)) ? true : undefined), 60_000, () => `the API never got "${prompt}"`);
  await chat.waitForLog(new RegExp(`${prompt}.*(overload|529)`, 'i'), 60_000);
  await waitUntil(async () => ((await chat.stopButton.isEnabled()) ? undefined : true), 30_000, () => 'the turn did not end (Stop stays enabled)');
}

function reply(req: RecordedRequest, overloaded: boolean): Reply {
  if (!req.body?.tools?.length) return text('ok');
  if (overloaded) return error(529);
  return lastUserText(req.body).includes(RECOVERED) ? text(ANSWER) : text('ok');
}
