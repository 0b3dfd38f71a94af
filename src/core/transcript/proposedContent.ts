// What a file would contain after an Edit / MultiEdit / Write tool call, for the "Open diff" view. The CLI applies the
// same string replacement: old_string must occur in the file (once, unless replace_all), and an empty old_string on a
// file that does not exist creates it.

export type Proposal = { ok: true; filePath: string; content: string } | { ok: false; error: string };

interface EditSpec {
  old_string: string;
  new_string: string;
  replace_all: boolean;
}

function editSpec(v: unknown): EditSpec | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as Record<string, unknown>;
  if (typeof e.old_string !== 'string' || typeof e.new_string !== 'string') return undefined;
  return { old_string: e.old_string, new_string: e.new_string, replace_all: e.replace_all === true };
}

/** Replaces literally (String.prototype.replace would read `$&` and friends in the new text as patterns). */
function applyEdit(text: string, edit: EditSpec): string | undefined {
  if (edit.replace_all) {
    if (edit.old_string === '' || !text.includes(edit.old_string)) return undefined;
    return text.split(edit.old_string).join(edit.new_string);
  }
  const at = text.indexOf(edit.old_string);
  if (at < 0) return undefined;
  return text.slice(0, at) + edit.new_string + text.slice(at + edit.old_string.length);
}

/**
 * @param current the file's text now, or undefined when it does not exist.
 */
export function proposedContent(toolName: string, input: Record<string, unknown>, current: string | undefined): Proposal {
  const filePath = input.file_path;
  if (typeof filePath !== 'string' || filePath === '') return { ok: false, error: 'The tool call names no file.' };
  const notFound = { ok: false as const, error: `The text to replace was not found in ${filePath}; the file may have changed since Claude read it.` };
  switch (toolName) {
    case 'Write':
      if (typeof input.content !== 'string') return { ok: false, error: 'The Write call has no content.' };
      return { ok: true, filePath, content: input.content };
    case 'Edit': {
      const edit = editSpec(input);
      if (!edit) return { ok: false, error: 'The Edit call has no old_string/new_string.' };
      if (current === undefined) {
        return edit.old_string === '' ? { ok: true, filePath, content: edit.new_string } : { ok: false, error: `${filePath} does not exist.` };
      }
      const next = applyEdit(current, edit);
      return next === undefined ? notFound : { ok: true, filePath, content: next };
    }
    case 'MultiEdit': {
      if (!Array.isArray(input.edits) || input.edits.length === 0) return { ok: false, error: 'The MultiEdit call has no edits.' };
      let text = current;
      for (const raw of input.edits) {
        const edit = editSpec(raw);
        if (!edit) return { ok: false, error: 'A MultiEdit edit has no old_string/new_string.' };
        if (text === undefined) {
          if (edit.old_string !== '') return { ok: false, error: `${filePath} does not exist.` };
          text = edit.new_string;
          continue;
        }
        const next = applyEdit(text, edit);
        if (next === undefined) return notFound;
        text = next;
      }
      return { ok: true, filePath, content: text ?? '' };
    }
    default:
      return { ok: false, error: `${toolName} does not change files.` };
  }
}
