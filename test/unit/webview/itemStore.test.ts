import { strict as assert } from 'node:assert';
import { ItemStore } from '../../../src/webview/itemStore';

describe('webview ItemStore', () => {
  it('resets, upserts in place, appends new ids and removes', () => {
    const s = new ItemStore();
    s.reset([{ kind: 'notice', id: 'a', text: '1' }, { kind: 'notice', id: 'b', text: '2' }]);
    const v = s.version;
    const touched = s.apply({ upserts: [{ kind: 'notice', id: 'a', text: '1b' }, { kind: 'notice', id: 'c', text: '3' }], removes: ['b'] });
    assert.deepEqual([...touched].sort(), ['a', 'b', 'c']);
    assert.deepEqual(s.all().map((i) => i.id), ['a', 'c']);
    assert.equal(s.indexOf('c'), 1);
    assert.equal(s.indexOf('b'), -1);
    assert.equal(s.get('b'), undefined);
    assert.equal(s.at(0).kind === 'notice' && s.at(0), s.get('a'));
    assert.equal(s.length, 2);
    assert.ok(s.version > v);
    const v2 = s.version;
    s.apply({ upserts: [], removes: [] });
    assert.equal(s.version, v2);
  });
});
