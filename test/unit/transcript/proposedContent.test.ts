import { strict as assert } from 'node:assert';
import { proposedContent } from '../../../src/core/transcript/proposedContent';

describe('proposedContent (Open diff)', () => {
  it('Write proposes its content, for new and existing files', () => {
    assert.deepEqual(proposedContent('Write', { file_path: '/p/a', content: 'new' }, undefined), { ok: true, filePath: '/p/a', content: 'new' });
    assert.deepEqual(proposedContent('Write', { file_path: '/p/a', content: 'new' }, 'old'), { ok: true, filePath: '/p/a', content: 'new' });
    assert.equal(proposedContent('Write', { file_path: '/p/a' }, 'old').ok, false);
  });

  it('Edit replaces the first occurrence literally, or all with replace_all', () => {
    const r = proposedContent('Edit', { file_path: '/p/a', old_string: 'x', new_string: '$&y' }, 'x x');
    assert.deepEqual(r, { ok: true, filePath: '/p/a', content: '$&y x' });
    assert.deepEqual(proposedContent('Edit', { file_path: '/p/a', old_string: 'x', new_string: 'z', replace_all: true }, 'x x'), { ok: true, filePath: '/p/a', content: 'z z' });
  });

  it('Edit explains a missing old_string, a missing file, and creates with an empty old_string', () => {
    const missing = proposedContent('Edit', { file_path: '/p/a', old_string: 'nope', new_string: 'z' }, 'abc');
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.error : '', /not found in \/p\/a/);
    assert.equal(proposedContent('Edit', { file_path: '/p/a', old_string: 'q', new_string: 'z' }, undefined).ok, false);
    assert.deepEqual(proposedContent('Edit', { file_path: '/p/a', old_string: '', new_string: 'hello' }, undefined), { ok: true, filePath: '/p/a', content: 'hello' });
    assert.equal(proposedContent('Edit', { file_path: '/p/a', old_string: 'x', new_string: 'z', replace_all: true }, 'abc').ok, false);
    assert.equal(proposedContent('Edit', { file_path: '/p/a', old_string: 1 }, 'abc').ok, false);
  });

  it('MultiEdit applies edits in order', () => {
    const edits = [
      { old_string: 'a', new_string: 'b' },
      { old_string: 'b', new_string: 'c', replace_all: true },
    ];
    assert.deepEqual(proposedContent('MultiEdit', { file_path: '/p/a', edits }, 'ab'), { ok: true, filePath: '/p/a', content: 'cc' });
    assert.deepEqual(proposedContent('MultiEdit', { file_path: '/p/a', edits: [{ old_string: '', new_string: 'new' }, { old_string: 'new', new_string: 'x' }] }, undefined), { ok: true, filePath: '/p/a', content: 'x' });
    assert.equal(proposedContent('MultiEdit', { file_path: '/p/a', edits: [{ old_string: 'zz', new_string: '' }] }, 'ab').ok, false);
    assert.equal(proposedContent('MultiEdit', { file_path: '/p/a', edits: [{ old_string: 'zz', new_string: '' }] }, undefined).ok, false);
    assert.equal(proposedContent('MultiEdit', { file_path: '/p/a', edits: [{}] }, 'ab').ok, false);
    assert.equal(proposedContent('MultiEdit', { file_path: '/p/a', edits: [] }, 'ab').ok, false);
  });

  it('refuses other tools and inputs without a file', () => {
    assert.equal(proposedContent('Bash', { file_path: '/p/a', command: 'ls' }, '').ok, false);
    assert.equal(proposedContent('Write', { content: 'x' }, '').ok, false);
  });
});
