// The input area: a multi-line textarea ("Message Claude"), Send and Stop, prompt history on Up/Down, @-mentions,
// pasted images as attachments, and the queue of prompts waiting for the running turn to end.
import { ImageMediaTypes, Limits, type ImageAttachment, type ImageMediaType, type QueuedPromptView, type SessionView } from '../protocol/chatProtocol';
import { button, clear, h } from './dom';
import { caretAtEnd, caretAtStart, InputHistory } from './inputHistory';
import { MentionPopup } from './mentions';
import { post } from './vscodeApi';

const MaxImageBytes = 5 * 1024 * 1024;

export class Composer {
  readonly el: HTMLElement;
  readonly input = h('textarea', { 'aria-label': 'Message Claude', rows: 3, placeholder: 'Ask Claude… (@ mentions a file · Enter sends · Shift+Enter adds a line)' });
  private readonly send = button('Send', { icon: 'send', cls: 'primary' });
  private readonly stop = button('Stop', { icon: 'debug-stop', cls: 'secondary' });
  private readonly queue = h('section', { class: 'queue', 'aria-label': 'Queued prompts', hidden: true });
  private readonly thumbs = h('div', { class: 'attachments', hidden: true });
  private readonly mentions = new MentionPopup(this.input);
  private readonly history: InputHistory;
  private attachments: ImageAttachment[] = [];
  private busy = false;

  constructor(
    initial: { draft: string; history: string[] },
    private readonly onStateChange: (draft: string, history: string[]) => void,
    private readonly onProblem: (message: string) => void,
  ) {
    this.history = new InputHistory(initial.history);
    this.input.value = initial.draft;
    this.stop.disabled = true;
    this.el = h('div', { class: 'composer' }, this.queue, this.thumbs, this.mentions.el, this.input, h('div', { class: 'composer-actions' }, this.stop, this.send));
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => post({ type: 'interrupt' }));
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.input.addEventListener('input', () => {
      this.history.resetCursor();
      this.mentions.onInput();
      this.changed();
    });
    this.input.addEventListener('blur', () => setTimeout(() => this.mentions.hide(), 150));
    this.input.addEventListener('paste', (e) => this.onPaste(e));
  }

  historyEntries(): string[] {
    return this.history.all();
  }

  focus(): void {
    this.input.focus();
  }

  prefill(text: string): void {
    this.input.value = this.input.value ? `${this.input.value}\n${text}` : text;
    this.input.focus();
    this.changed();
  }

  mentionResults(requestId: number, items: Parameters<MentionPopup['results']>[1]): void {
    this.mentions.results(requestId, items);
  }

  setSession(session: SessionView | undefined): void {
    this.busy = session?.state === 'busy';
    this.stop.disabled = !this.busy;
    this.send.title = this.busy ? 'Queue this prompt until the running turn ends' : 'Send (Enter)';
    this.renderQueue(session?.queue ?? []);
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (this.mentions.onKeyDown(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
      return;
    }
    const { value, selectionStart, selectionEnd } = this.input;
    if (e.key === 'ArrowUp' && caretAtStart(selectionStart, selectionEnd)) {
      const prev = this.history.previous(value);
      if (prev !== undefined) this.recall(e, prev, 0);
    } else if (e.key === 'ArrowDown' && caretAtEnd(value, selectionStart, selectionEnd)) {
      const next = this.history.next();
      if (next !== undefined) this.recall(e, next, next.length);
    }
  }

  private recall(e: KeyboardEvent, text: string, caret: number): void {
    e.preventDefault();
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
    this.changed();
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '' && this.attachments.length === 0) return;
    post({ type: 'send', text, images: this.attachments });
    this.history.push(text);
    this.input.value = '';
    this.attachments = [];
    this.renderThumbs();
    this.mentions.hide();
    this.changed();
  }

  private changed(): void {
    this.onStateChange(this.input.value, this.history.all());
  }

  private onPaste(e: ClipboardEvent): void {
    const items = Array.from(e.clipboardData?.items ?? []);
    const files = items.filter((i) => i.kind === 'file').map((i) => i.getAsFile());
    if (this.addImages(files) && !items.some((i) => i.type === 'text/plain')) e.preventDefault();
  }

  /** Adds pasted or dropped images as attachments; returns whether any file was an image. */
  addImages(files: readonly (File | null)[]): boolean {
    const images = files.filter((f): f is File => f !== null && ImageMediaTypes.includes(f.type as ImageMediaType));
    for (const file of images) {
      if (file.size > MaxImageBytes) {
        this.onProblem(`That image is ${(file.size / 1048576).toFixed(1)} MB; the limit is 5 MB.`);
        continue;
      }
      if (this.attachments.length >= Limits.images) {
        this.onProblem(`At most ${Limits.images} images per prompt.`);
        break;
      }
      const reader = new FileReader();
      reader.addEventListener('load', () => {
        const url = String(reader.result);
        const comma = url.indexOf(',');
        if (comma < 0 || this.attachments.length >= Limits.images) return;
        this.attachments.push({ mediaType: file.type as ImageMediaType, base64: url.slice(comma + 1) });
        this.renderThumbs();
      });
      reader.readAsDataURL(file);
    }
    return images.length > 0;
  }

  private renderThumbs(): void {
    clear(this.thumbs);
    this.thumbs.hidden = this.attachments.length === 0;
    this.attachments.forEach((img, i) => {
      const remove = button(`Remove image ${i + 1}`, { icon: 'close', iconOnly: true, cls: 'icon-button' });
      remove.addEventListener('click', () => {
        this.attachments.splice(i, 1);
        this.renderThumbs();
        this.input.focus();
      });
      this.thumbs.appendChild(h('div', { class: 'attachment' }, h('img', { class: 'thumb', src: `data:${img.mediaType};base64,${img.base64}`, alt: `Pasted image ${i + 1}` }), remove));
    });
  }

  private renderQueue(queue: QueuedPromptView[]): void {
    if (this.queue.contains(document.activeElement) && this.queue.querySelector('textarea')) return; // editing: keep it
    clear(this.queue);
    this.queue.hidden = queue.length === 0;
    if (queue.length === 0) return;
    const list = h('ul', {});
    for (const q of queue) list.appendChild(this.queueEntry(q));
    this.queue.append(h('div', { class: 'queue-title muted' }, `Queued (${queue.length}) — sent when the current turn ends`), list);
  }

  private queueEntry(q: QueuedPromptView): HTMLElement {
    const li = h('li', { class: 'queued' });
    const show = () => {
      clear(li);
      const edit = button('Edit', { icon: 'edit', iconOnly: true, cls: 'icon-button', aria: 'Edit queued prompt' });
      const remove = button('Remove', { icon: 'trash', iconOnly: true, cls: 'icon-button', aria: 'Remove queued prompt' });
      edit.addEventListener('click', editMode);
      remove.addEventListener('click', () => post({ type: 'removeQueued', promptId: q.id }));
      li.append(h('span', { class: 'queued-text' }, q.text + (q.imageCount ? ` (+${q.imageCount} image)` : '')), edit, remove);
    };
    const editMode = () => {
      clear(li);
      const area = h('textarea', { 'aria-label': 'Edit queued prompt', rows: 2 });
      area.value = q.text;
      const save = button('Save', { cls: 'primary small' });
      const cancel = button('Cancel', { cls: 'secondary small' });
      save.addEventListener('click', () => {
        if (area.value.trim() !== '') post({ type: 'editQueued', promptId: q.id, text: area.value });
        show();
      });
      cancel.addEventListener('click', show);
      li.append(area, save, cancel);
      area.focus();
    };
    show();
    return li;
  }
}
