// Typing `[[` in the editor offers the titles of the other notes; choosing
// one writes a Markdown link to it, `[Title](quire://note:<id>)`, in place
// of the `[[` and what was typed after it (and a `]]` already there).
// CodeMirror's autocompletion filters and ranks the titles as one types.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import { noteLinkMarkdown } from '../../../shared/note-links';
import { TRASH_BOOK_ID } from '../../../shared/doc-limits';
import { useNotes } from '../../state/notes';
import { editorSession } from './editor-session';

/** `[[` and up to a line of title text before the cursor. */
const OPENER = /\[\[[^[\]\n]{0,200}$/;

function insertLink(view: EditorView, completion: Completion & { noteId?: string }, from: number, to: number) {
  const start = from - 2;
  const end = view.state.sliceDoc(to, to + 2) === ']]' ? to + 2 : to;
  const text = noteLinkMarkdown(completion.label, completion.noteId!);
  view.dispatch({ changes: { from: start, to: end, insert: text }, selection: { anchor: start + text.length }, userEvent: 'input.complete' });
}

export function noteLinkCompletions(context: CompletionContext): CompletionResult | null {
  const match = context.matchBefore(OPENER);
  if (!match) return null;
  const self = editorSession.currentId;
  const options: Completion[] = [];
  for (const note of useNotes.getState().byId.values()) {
    if (note.id === self || note.bookId === TRASH_BOOK_ID) continue;
    const option: Completion & { noteId: string } = {
      label: note.title.trim() || 'Untitled', noteId: note.id, type: 'text', apply: insertLink,
    };
    options.push(option);
  }
  return { from: match.from + 2, options, validFor: /^[^[\]\n]*$/ };
}

export const noteLinkAutocompletion = autocompletion({
  override: [noteLinkCompletions],
  icons: false,
  maxRenderedOptions: 50,
  // The list only opens after `[[`, which nobody types on the way to a line break: Enter
  // chooses at once (the default pause made an Enter right after the list refreshed a newline).
  interactionDelay: 0,
});
