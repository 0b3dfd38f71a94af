/**
 * "Developer: Reload Window" in the middle of a turn, as a person does it: a prompt whose answer never comes (the fake
 * API hangs), a reload from the command palette, and the AICode view afterwards: the session is listed again as
 * interrupted, the old extension host's `claude` is gone, and sending "continue" resumes the same conversation (the
 * API's next request carries the earlier prompt) and shows the answer. Real `claude`, fake API.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { hang, lastUserText, text, userTexts, type RecordedRequest, type Reply } from '../fixtures/fakeApi';
import { chatUi } from './harness/chat';
import { type CodeServer } from './harness/codeServer';
import { SANDBOX_MARKER } from './harness/paths';
import { findMarked, type MarkedProcess } from './harness/processes';
import { chatFrameAt, reloadWindow, resizeSideBar, sessionRow, settleForScreenshot, waitForRow, waitUntil } from './harness/sessionsView';
import { useWorkbenchSuite } from './harness/suite';

const PROMPT = 'Reload test: answer slowly please';
const CONTINUE = 'continue';
const ANSWER = 'Here is the answer after the reload, in the same conversation.';

describe('window reload during a turn (e2e)', function () {
  this.timeout(120_000);

  const suite = useWorkbenchSuite('reload', reply);

  it('restores the session as interrupted after a reload mid-turn, ends the old CLI, and resumes the same conversation', async () => {
    const page = suite.wb.page;
    await suite.wb.openAicodeView();
    let chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    await resizeSideBar(page, 480);
    await chat.send(PROMPT);
    const hung = await waitUntil(() => suite.api.requests.find((r) => isTurn(r) && lastUserText(r.body).includes(PROMPT)), 60_000, () => 'the prompt never reached the API');
    await waitForRow(page, /^Reload test: answer slowly please, Working/);
    const before = claudes(suite.server);
    const hostsBefore = extensionHosts(suite.server);
    assert.ok(before.length >= 1, 'no claude process is running the turn');
    assert.equal(hostsBefore.length, 1, `expected one extension host, found ${JSON.stringify(hostsBefore)}`);

    await reloadWindow(suite.wb);

    // The old host's CLI is ended (its API request sees the client go away); the new host runs at most its warm process.
    assert.equal(await suite.api.waitForResponseEnd(hung.n, 30_000), 'client-gone', 'the hanging request was not abandoned by the old CLI');
    const oldPids = new Set(before.map((p) => p.pid));
    await waitUntil(
      () => (claudes(suite.server).some((p) => oldPids.has(p.pid)) ? undefined : true),
      15_000,
      () => `the old extension host's claude is still alive: ${JSON.stringify(claudes(suite.server).filter((p) => oldPids.has(p.pid)))}`,
    );
    await waitUntil(
      () => (extensionHosts(suite.server).some((p) => p.pid === hostsBefore[0].pid) ? undefined : true),
      15_000,
      () => `the old extension host is still alive: ${JSON.stringify(extensionHosts(suite.server))}`,
    );

    await suite.wb.openAicodeView();
    const row = await waitForRow(page, /^Reload test: answer slowly please, /, 60_000);
    assert.equal(row, 'Reload test: answer slowly please, Interrupted', `the restored row: ${row}`);
    chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    const header = chat.frame.getByRole('status').first();
    await waitUntil(async () => (/Interrupted.*resume\?/.test(await header.innerText().catch(() => '')) ? true : undefined), 15_000, async () => `the chat header says "${await header.innerText().catch(() => '')}"`);
    await chat.waitForLog(PROMPT, 15_000); // the conversation so far is back in the chat
    const settled = claudes(suite.server);
    assert.ok(settled.length <= 1, `after the reload only the warm process may run, found ${settled.length}: ${JSON.stringify(settled)}`);
    const tooltipRow = await sessionRow(page, PROMPT).innerText();
    assert.ok(tooltipRow.includes('Reload test'), tooltipRow);
    await settleForScreenshot(page, [chat.frame]);
    await suite.wb.screenshot('reload-restored');

    const sent = suite.api.requests.length;
    await chat.send(CONTINUE);
    await chat.waitForLog(ANSWER, 60_000);
    const next = suite.api.requests.slice(sent).find((r) => isTurn(r) && lastUserText(r.body).includes(CONTINUE));
    assert.ok(next, 'the "continue" prompt never reached the API');
    const prompts = userTexts(next.body);
    assert.ok(prompts.some((t) => t.includes(PROMPT)), `the resumed request does not carry the earlier prompt: ${JSON.stringify(prompts)}`);
    assert.ok(prompts.indexOf(prompts.find((t) => t.includes(PROMPT))!) < prompts.findIndex((t) => t.includes(CONTINUE)), 'the earlier prompt is not before "continue"');
    await waitForRow(page, /^Reload test: answer slowly please, Ready/, 30_000);
    await suite.wb.screenshot('reload-resumed');
  });
});

/** The conversation's own requests (the CLI's side requests offer no tools). */
function isTurn(req: RecordedRequest): boolean {
  return !!req.body?.tools?.length;
}

function reply(req: RecordedRequest): Reply {
  if (!isTurn(req)) return text('ok');
  const last = lastUserText(req.body);
  if (last.includes(CONTINUE)) return text(ANSWER, { chunkSize: 6 });
  if (last.includes(PROMPT)) return hang();
  return text('ok');
}

/** `claude` processes of this sandbox (sessions and warm pool). */
/**
 * The Claude CLIs of this code-server. A CLI's own child between fork and exec still shows the CLI's command line (a CI
 * run caught the warm process that way, twice over): a process whose parent is one of them is not another CLI.
 */
function claudes(server: CodeServer): MarkedProcess[] {
  const all = findMarked(SANDBOX_MARKER, server.marker).filter((p) => /^claude/.test(basename(p.cmdline.split(' ')[0] ?? '')));
  const pids = new Set(all.map((p) => p.pid));
  return all.filter((p) => !pids.has(parentOf(p.pid) ?? -1));
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function extensionHosts(server: CodeServer): MarkedProcess[] {
  return findMarked(SANDBOX_MARKER, server.marker).filter((p) => /--type=extensionHost/.test(p.cmdline));
}
