/**
 * The Sessions tree as a person watches it: two live sessions whose rows go Working → Ready while their answers
 * stream (one chat in the side bar, one in an editor panel opened from the row's inline "Open Chat"); a permission
 * request that puts a bell on the row, a badge on the AICode icon and "permission needed" in the status bar until it
 * is answered; and a session's to-do list (TodoWrite) under its expanded row. Real `claude`, fake API.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastToolResults, lastUserText, slow, startFakeApi, text, toolUse, words, type FakeApi, type RecordedRequest, type Reply } from '../fixtures/fakeApi';
import { chatUi, waitForToolStatus } from './harness/chat';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { fakeApiWorkspaceSettings } from './harness/environment';
import { SANDBOX_MARKER } from './harness/paths';
import { findMarked } from './harness/processes';
import { activityBadge, chatFrameAt, clickRowAction, expandRow, resizeSideBar, runFromPalette, sessionRow, sessionRowLabels, sessionsPane, statusText, waitForRow, waitForStatus, waitUntil } from './harness/sessionsView';
import { openWorkbench, type Workbench } from './harness/workbench';

const PROMPT_A = 'Tree test one: tell a slow story';
const PROMPT_B = 'Tree test two: tell another slow story';
const ANSWER_A = `Alpha answer streamed slowly word by word so that the row stays busy for a while: ${words(24, 'alpha').trim()}. Done.`;
const ANSWER_B = `Bravo answer streamed slowly word by word so that the row stays busy for a while: ${words(24, 'bravo').trim()}. Done.`;
const PERM_PROMPT = 'Permission test: create perm.txt';
const PERM_DONE = 'Created perm.txt as asked.';
const TODO_PROMPT = 'Todo test: plan the release';
const TODO_DONE = 'The plan is in the to-do list.';
const PERM_TOOL_ID = 'toolu_e2e_perm_write_1';
const TODO_TOOL_ID = 'toolu_e2e_todo_write_1';
const TODOS = [
  { content: 'Write tests', status: 'in_progress', activeForm: 'Writing tests' },
  { content: 'Ship', status: 'pending', activeForm: 'Shipping' },
];

/** Rows of the tree name a session by its title: the first line of its first prompt. */
const rowOf = (title: string, state: string) => new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, ${state}`);

describe('sessions tree (e2e)', function () {
  this.timeout(120_000);
  let api: FakeApi | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    api = await startFakeApi();
    api.setHandler((req) => reply(req, server!.workspace));
    const settings = fakeApiWorkspaceSettings(api.url);
    // This CLI offers TaskCreate/TaskUpdate instead of TodoWrite unless task tools are turned off.
    settings['aicode.cli.env'] = { ...(settings['aicode.cli.env'] as Record<string, string>), CLAUDE_CODE_ENABLE_TASKS: '0' };
    server = await startCodeServer({ label: 'sessions', workspaceSettings: settings });
    wb = await openWorkbench(server);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`sessions-failure-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    const leaks = (await server?.stop()) ?? [];
    await api?.close();
    assert.deepEqual(leaks, [], 'processes outlived code-server (a claude process was not stopped?)');
  });

  it('shows two live sessions going Working → Ready, one chatting in the side bar and one in an editor panel', async () => {
    const page = wb!.page;
    await wb!.openAicodeView();
    await chatFrameAt(page, 'sidebar', 60_000); // loaded (it takes the focus when it does)
    await resizeSideBar(page, 480);
    await runFromPalette(wb!, 'AICode: New Session');
    const side = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await side.send(PROMPT_A);
    await waitForRow(page, rowOf(PROMPT_A, 'Working'));

    // The second session from the Sessions view's own "+" (its title bar action "New Session").
    await sessionsPane(page).locator('.pane-header').hover();
    await sessionsPane(page).locator('.pane-header .actions .action-label[aria-label^="New Session"]').click();
    await waitForRow(page, /^New session, /);
    await clickRowAction(sessionRow(page, 'New session'), 'Open Chat');
    const panel = await chatUi(await chatFrameAt(page, 'editor', 60_000));
    await panel.send(PROMPT_B);

    // Both streams overlap: both rows say Working at the same time.
    const both = await waitUntil(
      async () => {
        const labels = await sessionRowLabels(page);
        return labels.some((l) => rowOf(PROMPT_A, 'Working').test(l)) && labels.some((l) => rowOf(PROMPT_B, 'Working').test(l)) ? labels : undefined;
      },
      30_000,
      async () => `the two sessions were never Working at once; rows: ${JSON.stringify(await sessionRowLabels(page))}`,
    );
    await waitForStatus(page, /Claude: 2 running|2 sessions running/);
    await wb!.screenshot('tree-two-sessions');
    assert.equal(both.filter((l) => / Working/.test(l)).length, 2, `rows: ${JSON.stringify(both)}`);

    await waitForRow(page, rowOf(PROMPT_A, 'Ready'), 60_000);
    await waitForRow(page, rowOf(PROMPT_B, 'Ready'), 60_000);
    await panel.waitForLog(ANSWER_B, 10_000);
    // Session one's answer, in its own chat (the side bar now follows session two, whose panel was focused last).
    await clickRowAction(sessionRow(page, PROMPT_A), 'Open Chat');
    const chatA = await chatUi(await chatFrameAt(page, 'editor', 30_000, PROMPT_A));
    const logA = await chatA.waitForLog(ANSWER_A, 10_000);
    assert.ok(!logA.includes(PROMPT_B), 'session one’s chat shows session two’s prompt');
    await wb!.screenshot('tree-two-sessions-ready');
    await waitForStatus(page, (st) => st.text === 'Claude' && st.label === 'Claude: ready');

    const a = api!.requests.find((r) => lastUserText(r.body).includes(PROMPT_A));
    const b = api!.requests.find((r) => lastUserText(r.body).includes(PROMPT_B));
    assert.ok(a && b, 'the fake API did not get both prompts');
    assert.ok(!JSON.stringify(b.body?.messages).includes(PROMPT_A), 'session two carried session one’s conversation');
    const claudes = findMarked(SANDBOX_MARKER, server!.marker).filter((p) => /claude/.test(p.cmdline));
    assert.ok(claudes.length >= 2, `expected a claude process per session, found ${claudes.length}`);
  });

  it('a permission request puts a bell on the row, a badge on the AICode icon and "permission needed" in the status bar until answered', async () => {
    const page = wb!.page;
    await runFromPalette(wb!, 'AICode: New Session');
    const chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await chat.send(PERM_PROMPT);

    const request = chat.permissionRequest();
    await request.first().waitFor({ state: 'visible', timeout: 60_000 });
    await waitForRow(page, rowOf(PERM_PROMPT, 'Working, permission needed'));
    const rowDescription = (await sessionRow(page, PERM_PROMPT).innerText()).replace(/\s+/g, ' ');
    assert.match(rowDescription, /permission needed/, `row shows: ${rowDescription}`);
    const badge = await waitUntil(() => activityBadge(page), 15_000, () => 'no badge on the AICode icon while a permission request waits');
    assert.equal(badge, '1');
    const status = await waitForStatus(page, /permission/);
    assert.match(status.text, /Claude: permission needed/);
    await wb!.screenshot('tree-permission-pending');

    await request.first().getByRole('button', { name: 'Allow', exact: true }).click();
    await chat.waitForLog(PERM_DONE, 60_000);
    await waitForRow(page, rowOf(PERM_PROMPT, 'Ready'), 30_000);
    const labels = await sessionRowLabels(page);
    assert.ok(!labels.some((l) => /permission needed/.test(l)), `a row still asks for permission: ${JSON.stringify(labels)}`);
    await waitUntil(async () => ((await activityBadge(page)) === undefined ? true : undefined), 15_000, async () => `the AICode badge stayed: ${await activityBadge(page)}`);
    await waitForStatus(page, (st) => !/permission/i.test(st.text) && !/permission/i.test(st.label));
    assert.equal(await request.count(), 0, 'the permission request is still shown');
    const written = join(server!.workspace, 'perm.txt');
    assert.ok(existsSync(written), 'the allowed Write did not create perm.txt');
    assert.equal(readFileSync(written, 'utf8'), 'written after Allow\n');
  });

  it('shows the to-do list of a TodoWrite under the expanded session row', async () => {
    const page = wb!.page;
    await runFromPalette(wb!, 'AICode: New Session');
    const chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await chat.send(TODO_PROMPT);
    await chat.waitForLog(TODO_DONE, 60_000);
    assert.equal(await chat.permissionRequest().count(), 0, 'TodoWrite asked for permission in default mode');
    assert.equal(await waitForToolStatus(chat.toolCards('TodoWrite').first(), ['Done', 'Failed']), 'Done', 'the TodoWrite call failed');

    await waitForRow(page, rowOf(TODO_PROMPT, 'Ready'));
    await runFromPalette(wb!, 'View: Close All Editors'); // the earlier tests' chats and diff
    await expandRow(sessionRow(page, TODO_PROMPT));
    const group = await waitForRow(page, /^To-dos, /, 15_000);
    assert.equal(group, 'To-dos, 0 of 2 done');
    await waitForRow(page, /^Write tests, in progress$/, 10_000);
    await waitForRow(page, /^Ship, to do$/, 10_000);
    const groupText = (await sessionsPane(page).locator('.monaco-list-row[aria-label^="To-dos"]').innerText()).replace(/\s+/g, ' ');
    assert.match(groupText, /0\/2 done · Writing tests/);
    const todoText = (await sessionsPane(page).locator('.monaco-list-row[aria-label="Write tests, in progress"]').innerText()).replace(/\s+/g, ' ');
    assert.match(todoText, /Writing tests/, 'the item in progress shows its active form');
    await page.mouse.move(700, 450); // no hover or tooltip over the tree in the picture
    await wb!.screenshot('tree-todos');
    const st = await statusText(page);
    assert.ok(!/permission/.test(st.text), st.text);
  });
});

/**
 * The fake API's script. Only the main conversation (requests that offer tools) gets scripted replies; the CLI's
 * side requests get "ok". A tool_result is answered by the id of the tool_use it answers.
 */
function reply(req: RecordedRequest, workspace: string): Reply {
  if (!req.body?.tools?.length) return text('ok');
  const results = lastToolResults(req.body);
  if (results.some((r) => r.toolUseId === PERM_TOOL_ID)) return text(PERM_DONE);
  if (results.some((r) => r.toolUseId === TODO_TOOL_ID)) return text(TODO_DONE);
  const prompt = lastUserText(req.body);
  if (prompt.includes(PROMPT_A)) return slow(ANSWER_A, 250);
  if (prompt.includes(PROMPT_B)) return slow(ANSWER_B, 250);
  if (prompt.includes(PERM_PROMPT)) return toolUse('Write', { file_path: join(workspace, 'perm.txt'), content: 'written after Allow\n' }, { id: PERM_TOOL_ID, text: 'Creating the file.' });
  if (prompt.includes(TODO_PROMPT)) return toolUse('TodoWrite', { todos: TODOS }, { id: TODO_TOOL_ID });
  return text('ok');
}
