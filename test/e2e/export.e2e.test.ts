/**
 * "AICode: Export Transcript…" as a person uses it after a two-turn conversation: pick Markdown (then JSON) in the
 * quick pick, type a path into VS Code's simple save dialog (the web workbench's dialog is a quick input holding a
 * path) and press Enter; the file on disk holds both prompts and both answers, in order. Real `claude`, fake API.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastUserText, text, type RecordedRequest } from '../fixtures/fakeApi';
import { chatUi } from './harness/chat';
import { chatFrameAt, runFromPalette, saveDialogPath, pickQuickItem, waitUntil } from './harness/sessionsView';
import { useWorkbenchSuite } from './harness/suite';

const TURNS = [
  { prompt: 'Export test: what is two plus two?', answer: 'Two plus two is four.' },
  { prompt: 'Export test: and three plus three?', answer: 'Three plus three is six.' },
];

interface JsonExport {
  format: string;
  version: number;
  session: { title: string; folder: string; cliSessionId?: string; totals?: { turns: number } };
  entries: { type: string; text?: string; isError?: boolean }[];
}

describe('export transcript (e2e)', function () {
  this.timeout(120_000);

  const suite = useWorkbenchSuite('export', (req: RecordedRequest) => {
    const turn = req.body?.tools?.length ? TURNS.find((t) => lastUserText(req.body).includes(t.prompt)) : undefined;
    return text(turn?.answer ?? 'ok', { chunkSize: 6 });
  });

  it('exports a two-turn conversation as Markdown: both prompts and both answers, in order', async () => {
    const page = suite.wb.page;
    await suite.wb.openAicodeView();
    const chat = await chatUi(await chatFrameAt(page, 'sidebar', 60_000));
    for (const t of TURNS) {
      await chat.send(t.prompt);
      await chat.waitForLog(t.answer, 60_000);
      await waitUntil(async () => ((await chat.stopButton.isEnabled()) ? undefined : true), 30_000, () => 'the turn did not end');
    }

    const target = join(suite.server.workspace, 'conversation-export.md');
    await exportAs('Markdown', target);
    const md = readFileSync(target, 'utf8');
    let at = 0;
    for (const [i, t] of TURNS.entries()) {
      for (const [what, needle] of [
        ['prompt', `## You\n\n${t.prompt}\n`],
        ['answer', `## Claude\n\n${t.answer}\n`],
      ] as const) {
        const found = md.indexOf(needle, at);
        assert.ok(found >= 0, `turn ${i + 1}'s ${what} is missing or out of order in the Markdown:\n${md}`);
        at = found + needle.length;
      }
    }
    assert.match(md, /^# Export test: what is two plus two\?\n/, 'the title heading is the first prompt');
    assert.match(md, /- Turns: 2 /);
    // The notification's "Open" shows the file in an editor.
    await page.locator('.notifications-toasts').getByRole('button', { name: 'Open' }).click();
    await page.locator('.part.editor .tab', { hasText: 'conversation-export.md' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.editor .view-lines').getByText('Two plus two is four.').waitFor({ state: 'visible', timeout: 15_000 });
    await suite.wb.screenshot('export-markdown');
  });

  it('exports the same conversation as JSON that parses, with both turns', async () => {
    const target = join(suite.server.workspace, 'conversation-export.json');
    await exportAs('JSON', target);
    const doc = JSON.parse(readFileSync(target, 'utf8')) as JsonExport;
    assert.equal(doc.format, 'aicode-transcript');
    assert.equal(doc.version, 1);
    assert.equal(doc.session.folder, suite.server.workspace);
    assert.match(doc.session.cliSessionId ?? '', /^[0-9a-f-]{36}$/);
    const said = doc.entries.filter((e) => e.type === 'user' || e.type === 'assistant').map((e) => `${e.type}: ${e.text}`);
    assert.deepEqual(said, TURNS.flatMap((t) => [`user: ${t.prompt}`, `assistant: ${t.answer}`]));
    const ends = doc.entries.filter((e) => e.type === 'turn');
    assert.equal(ends.length, 2, 'one turn footer per turn');
    assert.ok(ends.every((e) => e.isError !== true), 'a turn is marked as failed');
  });

  /** Runs the command, picks the format, types `target` into the save dialog and waits for the file. */
  async function exportAs(format: 'Markdown' | 'JSON', target: string): Promise<void> {
    const page = suite.wb.page;
    await runFromPalette(suite.wb, 'AICode: Export Transcript…');
    await pickQuickItem(page, format);
    const proposed = await saveDialogPath(page, target);
    assert.equal(proposed, join(suite.server.workspace, `export-test-what-is-two-plus-two.${format === 'JSON' ? 'json' : 'md'}`), 'the dialog did not propose a file named after the session in its folder');
    await waitUntil(() => (existsSync(target) ? true : undefined), 15_000, () => `${target} was not written`);
    await page.locator('.notifications-toasts').getByText('Exported "Export test: what is two plus two?".').waitFor({ state: 'visible', timeout: 10_000 });
  }
});
