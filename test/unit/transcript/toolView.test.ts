import { strict as assert } from 'node:assert';
import { describeTool, looksLikeDenial, oneLine, resultText } from '../../../src/core/transcript/toolView';

describe('toolView', () => {
  it('summarises the common tools', () => {
    assert.equal(describeTool('Bash', { command: 'npm test\n  -- --grep x' }).summary, 'npm test -- --grep x');
    assert.equal(describeTool('Read', { file_path: '/a/b.ts' }).filePath, '/a/b.ts');
    assert.equal(describeTool('NotebookEdit', { notebook_path: '/a/n.ipynb' }).filePath, '/a/n.ipynb');
    assert.equal(describeTool('Edit', { file_path: '/a/b.ts' }).canDiff, true);
    assert.equal(describeTool('Read', { file_path: '/a/b.ts' }).canDiff, false);
    assert.equal(describeTool('Glob', { pattern: '**/*.ts' }).summary, '**/*.ts');
    assert.equal(describeTool('WebFetch', { url: 'https://x.test' }).summary, 'https://x.test');
    assert.equal(describeTool('WebSearch', { query: 'q' }).summary, 'q');
    assert.equal(describeTool('Task', { subagent_type: 'Explore' }).summary, 'Explore');
    assert.equal(describeTool('TodoWrite', { todos: [1, 2] }).summary, '2 to-dos');
    assert.equal(describeTool('TodoWrite', {}).summary, '');
    assert.equal(describeTool('WebFetch', {}).summary, '');
    assert.equal(describeTool('WebSearch', {}).summary, '');
    assert.equal(describeTool('Agent', {}).summary, '');
    assert.equal(describeTool('mcp__x__y', { n: 1, text: 'hello' }).summary, 'hello');
    assert.equal(describeTool('mcp__x__y', { n: 1 }).summary, '{"n":1}');
    assert.equal(describeTool('mcp__x__y', {}).summary, '');
    assert.equal(describeTool('mcp__x__y', {}).detail, undefined);
  });

  it('keeps details and summaries short', () => {
    assert.equal(oneLine('x'.repeat(300)).length, 200);
    const detail = describeTool('Write', { file_path: '/a', content: 'y'.repeat(10_000) }).detail ?? '';
    assert.ok(detail.length <= 4_001);
    const wide = describeTool('X', Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, 'v'.repeat(20)]))).detail ?? '';
    assert.ok(wide.endsWith('…'));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(describeTool('X', cyclic).detail, undefined);
  });

  it('turns results into text', () => {
    assert.deepEqual(resultText(undefined), { text: '', truncated: false });
    assert.deepEqual(resultText({ a: 1 }), { text: '{"a":1}', truncated: false });
    assert.deepEqual(resultText([null, { type: 'text', text: 'a' }, { type: 'other' }]), { text: 'a', truncated: false });
  });

  it('recognises the CLI denial texts', () => {
    assert.ok(looksLikeDenial("Claude requested permissions to write to /x, but you haven't granted it yet."));
    assert.ok(looksLikeDenial('Permission to use Bash with command echo hi has been denied.'));
    assert.ok(!looksLikeDenial('exit code 1'));
  });
});
