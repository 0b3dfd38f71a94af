/**
 * The Sessions tree as a person watches it: two live sessions whose rows go Working → Ready while their answers
 * stream (one chat in the side bar, one in an editor panel opened from the row's inline "Open Chat"); a permission
 * request that puts a bell on the row, a badge on the AICode icon and "permission needed" in the status bar until it
 * is answered; and a session's to-do list (TodoWrite) under its expanded row. Real `claude`, fake API.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastToolResults, lastUserText, slow, startFakeApi, text, toolUse, toolUses, words, type FakeApi, type RecordedRequest, type Reply } from '../fixtures/fakeApi';
import { chatUi, waitForToolStatus } from './harness/chat';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { fakeApiWorkspaceSettings } from './harness/environment';
import { SANDBOX_MARKER } from './harness/paths';
import { findMarked, sleep } from './harness/processes';
import { activityBadge, chatFrameAt, clickRowAction, expandRow, resizeSideBar, runFromPalette, sessionRow, sessionRowLabels, sessionsPane, settleForScreenshot, statusText, waitForRow, waitForStatus, waitUntil } from './harness/sessionsView';
import { openWorkbench, type Workbench } from './harness/workbench';

const PROMPT_A = 'Tree test one: tell a slow story';
const PROMPT_B = 'Tree test two: tell another slow story';
const ANSWER_A = `Alpha answer streamed slowly word by word so that the row stays busy for a while: ${words(24, 'alpha').trim()}. Done.`;
const ANSWER_B = `Bravo answer streamed slowly word by word so that the row stays busy for a while: ${words(24, 'bravo').trim()}. Done.`;
const PERM_PROMPT = 'Permission test: create perm.txt';
const PERM_DONE = 'Created perm.txt as asked.';
const TODO_PROMPT = 'Todo test: plan the release';
const TODO_DONE = 'The plan is in the to-do list.';
const TASK_PROMPT = 'Task test: plan the release with tasks';
const TASK_DONE = 'The plan is in the task list.';
const TASK_CREATE_IDS = ['toolu_e2e_task_create_1', 'toolu_e2e_task_create_2'];
const TASK_UPDATE_ID = 'toolu_e2e_task_update_1';
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
    assert.equal(await sessionRow(page, PERM_PROMPT).locator('.codicon-bell-dot').count(), 1, 'the row has no bell');
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
    assert.equal(await sessionRow(page, PERM_PROMPT).locator('.codicon-bell-dot').count(), 0, 'the row still has its bell');
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
    await runFromPalette(wb!, 'Notifications: Clear All Notifications'); // earlier sessions' "Claude finished" toasts
    await settleForScreenshot(page); // no hover or tooltip over the tree in the picture
    await wb!.screenshot('tree-todos');
    const st = await statusText(page);
    assert.ok(!/permission/.test(st.text), st.text);
  });

  it('shows the list of the CLI’s own task tools (TaskCreate / TaskUpdate, its default) under the session row too', async () => {
    const page = wb!.page;
    enableTaskTools(server!);
    await sleep(1500); // the settings file is watched; the next session's CLI starts without the override
    await runFromPalette(wb!, 'AICode: New Session');
    const chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await chat.send(TASK_PROMPT);
    await chat.waitForLog(TASK_DONE, 60_000);
    const update = api!.requests.find((r) => lastToolResults(r.body).some((x) => x.toolUseId === TASK_UPDATE_ID));
    assert.ok(update, 'the TaskUpdate never ran');
    assert.ok(!lastToolResults(update.body)[0].isError, `TaskUpdate failed: ${lastToolResults(update.body)[0].text}`);

    await waitForRow(page, rowOf(TASK_PROMPT, 'Ready'));
    await expandRow(sessionRow(page, TASK_PROMPT));
    // The rows right under this session (the TodoWrite session above may be expanded too).
    const under = await waitUntil(
      async () => {
        const labels = await sessionRowLabels(page);
        const at = labels.findIndex((l) => rowOf(TASK_PROMPT, 'Ready').test(l));
        const next = at < 0 ? [] : labels.slice(at + 1, at + 4);
        return next[0]?.startsWith('To-dos') ? next : undefined;
      },
      15_000,
      async () => `no to-do list under the session; rows: ${JSON.stringify(await sessionRowLabels(page))}`,
    );
    assert.deepEqual(under, ['To-dos, 0 of 2 done', 'Write tests, in progress', 'Ship, to do']);
    await runFromPalette(wb!, 'Notifications: Clear All Notifications'); // earlier sessions' "Claude finished" toasts
    await settleForScreenshot(page);
    await wb!.screenshot('tree-tasks');
  });
});

/** Turns the CLI's task tools back on (the spec's settings turn them off for TodoWrite), as a person edits settings. */
function enableTaskTools(server: CodeServer): void {
  const file = join(server.workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const env = { ...(settings['aicode.cli.env'] as Record<string, string>) };
  delete env.CLAUDE_CODE_ENABLE_TASKS;
  writeFileSync(file, JSON.stringify({ ...settings, 'aicode.cli.env': env }, null, 2));
}

/**
 * The fake API's script. Only the main conversation (requests that offer tools) gets scripted replies; the CLI's
 * side requests get "ok". A tool_result is answered by the id of the tool_use it answers.
 */
function reply(req: RecordedRequest, workspace: string): Reply {
  if (!req.body?.tools?.length) return text('ok');
  const results = lastToolResults(req.body);
  if (results.some((r) => r.toolUseId === PERM_TOOL_ID)) return text(PERM_DONE);
  if (results.some((r) => r.toolUseId === TODO_TOOL_ID)) return text(TODO_DONE);
  if (results.some((r) => r.toolUseId === TASK_UPDATE_ID)) return text(TASK_DONE);
  const first = results.find((r) => r.toolUseId === TASK_CREATE_IDS[0]);
  if (first) {
    // Start the first task, by the id its TaskCreate result gave it ("Task #1 created successfully: …").
    const taskId = /Task #(\S+?) created/.exec(first.text)?.[1] ?? 'unknown';
    return toolUse('TaskUpdate', { taskId, status: 'in_progress' }, { id: TASK_UPDATE_ID });
  }
  const prompt = lastUserText(req.body);
  if (prompt.includes(PROMPT_A)) return slow(ANSWER_A, 250);
  if (prompt.includes(PROMPT_B)) return slow(ANSWER_B, 250);
  if (prompt.includes(PERM_PROMPT)) return toolUse('Write', { file_path: join(workspace, 'perm.txt'), content: 'written after Allow\n' }, { id: PERM_TOOL_ID, text: 'Creating the file.' });
  if (prompt.includes(TODO_PROMPT)) return toolUse('TodoWrite', { todos: TODOS }, { id: TODO_TOOL_ID });
  if (prompt.includes(TASK_PROMPT)) {
    return toolUses(TODOS.map((t, i) => ({ name: 'TaskCreate', input: { subject: t.content, description: `${t.content} for the release`, activeForm: t.activeForm }, id: TASK_CREATE_IDS[i] })));
  }
  return text('ok');
}
