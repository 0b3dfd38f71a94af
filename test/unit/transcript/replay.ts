// Helpers: replay a capture through the reducer, mirroring every change set the way the webview applies it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatItem } from '../../../src/protocol/chatProtocol';
import { TranscriptReducer } from '../../../src/core/transcript/transcriptReducer';
import { CliMessage } from '../../../src/core/stream/cliMessages';
import { parseCliLine } from '../../../src/core/stream/parseCliMessage';
import { ItemStore } from '../../../src/webview/itemStore';

export function loadCapture(name: string): CliMessage[] {
  const text = readFileSync(join(__dirname, 'captures', name), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const parsed = parseCliLine(line);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
      return parsed.message;
    });
}

export const captureNames = [
  '01-oneshot-text.ndjson',
  '02-oneshot-partial-messages.ndjson',
  '03-tool-use-bash-allowed.ndjson',
  '04-tool-use-write-denied-default.ndjson',
  '05-tool-use-partial-messages.ndjson',
  '06-streaming-input-multiturn.ndjson',
  '07-control-initialize-interrupt-setmode.ndjson',
  '08-permission-prompt-stdio.ndjson',
  '09-api-error-529-default-retries.ndjson',
  '10-api-error-529-max-retries-2.ndjson',
  '11-interrupt.ndjson',
];

/** Applies messages one by one, mirroring the changes into an ItemStore and checking it matches after every step. */
export function replayIncrementally(msgs: readonly CliMessage[], reducer = new TranscriptReducer()): { reducer: TranscriptReducer; store: ItemStore } {
  const store = new ItemStore();
  for (const msg of msgs) {
    store.apply(reducer.apply(msg));
    assert.deepEqual(store.all(), reducer.items());
  }
  return { reducer, store };
}

export function kinds(items: readonly ChatItem[]): string[] {
  return items.map((i) => i.kind);
}

export function only<K extends ChatItem['kind']>(items: readonly ChatItem[], kind: K): Extract<ChatItem, { kind: K }>[] {
  return items.filter((i): i is Extract<ChatItem, { kind: K }> => i.kind === kind);
}
