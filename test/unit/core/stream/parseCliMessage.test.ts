import { strict as assert } from 'node:assert';
import { classifyCliValue, parseCliLine } from '../../../../src/core/stream/parseCliMessage';
import { loadCaptures } from '../testUtil';

describe('parseCliLine', () => {
  const captures = loadCaptures();

  for (const c of captures) {
    it(`parses every line of ${c.name} to its own type`, () => {
      for (const [i, line] of c.lines.entries()) {
        const raw = JSON.parse(line) as { type: string; subtype?: string };
        const out = parseCliLine(line);
        assert.ok(out.ok, `${c.name}:${i + 1}: ${out.ok ? '' : out.error}`);
        assert.equal(out.message.type, raw.type, `${c.name}:${i + 1}`);
        assert.deepEqual(out.message, raw, `${c.name}:${i + 1}: the message must be the line's object, unchanged`);
      }
    });
  }

  it('gives typed access to the fields the core relies on (captures 08 and 11)', () => {
    const lines = captures.flatMap((c) => c.lines).map((l) => parseCliLine(l));
    const ok = lines.map((l) => (l.ok ? l.message : undefined));
    const canUse = ok.find((m) => m?.type === 'control_request' && m.request.subtype === 'can_use_tool');
    assert.ok(canUse && canUse.type === 'control_request');
    assert.equal(canUse.request.tool_name, 'Bash');
    const interrupted = ok.find((m) => m?.type === 'result' && m.subtype === 'error_during_execution');
    assert.ok(interrupted && interrupted.type === 'result');
    assert.equal(interrupted.is_error, true);
    const apiError = ok.find((m) => m?.type === 'result' && m.api_error_status === 529);
    assert.ok(apiError && apiError.type === 'result' && apiError.is_error && apiError.subtype === 'success');
    const retry = ok.find((m) => m?.type === 'system' && m.subtype === 'api_retry');
    assert.ok(retry && retry.type === 'system' && retry.error_status === 529);
  });

  it('rejects malformed JSON', () => {
    for (const text of ['this is not json', '{"type":"assistant"', '{type:"x"}', '']) {
      const out = parseCliLine(text);
      assert.equal(out.ok, false, text);
      assert.match(!out.ok ? out.error : '', /not JSON/);
    }
  });

  it('rejects JSON that is not an object with a string type', () => {
    assert.deepEqual(parseCliLine('[1,2]'), { ok: false, error: 'not a JSON object' });
    assert.deepEqual(parseCliLine('null'), { ok: false, error: 'not a JSON object' });
    assert.deepEqual(parseCliLine('"result"'), { ok: false, error: 'not a JSON object' });
    assert.deepEqual(parseCliLine('42'), { ok: false, error: 'not a JSON object' });
    assert.deepEqual(parseCliLine('{"subtype":"init"}'), { ok: false, error: 'missing "type"' });
    assert.deepEqual(parseCliLine('{"type":7}'), { ok: false, error: 'missing "type"' });
  });

  const broken: [string, object, RegExp][] = [
    ['result without is_error', { type: 'result', subtype: 'success' }, /invalid result line: is_error/],
    ['result with a string is_error', { type: 'result', subtype: 'success', is_error: 'no' }, /invalid result line: is_error/],
    ['system without subtype', { type: 'system' }, /invalid system line: subtype/],
    ['assistant without message', { type: 'assistant' }, /invalid assistant line: message/],
    ['assistant with string content', { type: 'assistant', message: { id: 'm', content: 'hi' } }, /invalid assistant line: message.content/],
    ['assistant block without type', { type: 'assistant', message: { id: 'm', content: [{ text: 'hi' }] } }, /invalid assistant line: message.content.0.type/],
    ['user with the wrong role', { type: 'user', message: { role: 'assistant', content: 'x' } }, /invalid user line: message.role/],
    ['control_request without request_id', { type: 'control_request', request: { subtype: 'can_use_tool' } }, /invalid control_request line: request_id/],
    ['control_request without subtype', { type: 'control_request', request_id: 'r', request: {} }, /invalid control_request line: request.subtype/],
    ['control_response with an odd subtype', { type: 'control_response', response: { subtype: 'maybe', request_id: 'r' } }, /invalid control_response line: response.subtype/],
    ['control_cancel_request without id', { type: 'control_cancel_request' }, /invalid control_cancel_request line: request_id/],
    ['stream_event without event', { type: 'stream_event' }, /stream_event without event.type/],
    ['stream_event with a typeless event', { type: 'stream_event', event: { index: 0 } }, /stream_event without event.type/],
  ];
  for (const [name, value, error] of broken) {
    it(`rejects a broken known shape: ${name}`, () => {
      const out = parseCliLine(JSON.stringify(value));
      assert.equal(out.ok, false);
      assert.match(!out.ok ? out.error : '', error);
    });
  }

  it('accepts unknown fields on known types (loose schemas)', () => {
    const out = parseCliLine(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, brand_new_field: { x: 1 } }));
    assert.ok(out.ok);
    assert.equal((out.message as Record<string, unknown>).brand_new_field !== undefined, true);
  });

  it('turns unknown types into {type:"unknown"} with the original', () => {
    const value = { type: 'compact_boundary', compact_metadata: { trigger: 'auto' } };
    assert.deepEqual(parseCliLine(JSON.stringify(value)), { ok: true, message: { type: 'unknown', originalType: 'compact_boundary', raw: value } });
  });

  it('passes keep_alive and rate_limit_event through', () => {
    assert.deepEqual(parseCliLine('{"type":"keep_alive"}'), { ok: true, message: { type: 'keep_alive' } });
    const rl = { type: 'rate_limit_event', rate_limit_info: { status: 'allowed' } };
    assert.deepEqual(parseCliLine(JSON.stringify(rl)), { ok: true, message: rl });
  });

  it('classifyCliValue works on already-parsed values', () => {
    assert.equal(classifyCliValue({ type: 'system', subtype: 'status', status: null }).ok, true);
    assert.equal(classifyCliValue(undefined).ok, false);
  });
});
