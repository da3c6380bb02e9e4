// The editor's Markdown language (GitHub flavour), and how it steps aside
// for very large notes. Lezer's Markdown tree of a note of several
// megabytes is flat (one Document node over hundreds of thousands of
// blocks): reusing it after each keystroke walked it all, about 100 ms per
// key in a 5 MB note. Above LARGE_NOTE_CHARS a note is edited as plain text
// (no highlighting), so typing stays within a frame; below, as Markdown.
// Emoji shortcodes are not parsed: the preview does not turn them into
// emoji, so `:14:` or `:x:` in text is just text.
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { codeLanguage } from './code-languages';

export const LARGE_NOTE_CHARS = 1_000_000;

const slot = new Compartment();
const markdownSupport = markdown({
  base: markdownLanguage,
  codeLanguages: (info) => codeLanguage(info),
  extensions: { remove: ['Emoji'] },
});

const isLarge = (length: number) => length > LARGE_NOTE_CHARS;
const wantsMarkdown = (state: EditorState) => slot.get(state) === markdownSupport;

/** The language, switching to plain text and back as an edit crosses the size. */
export const markdownBySize: Extension = [
  slot.of(markdownSupport),
  EditorState.transactionExtender.of((tr) => {
    if (!tr.docChanged) return null;
    const large = isLarge(tr.newDoc.length);
    if (large !== wantsMarkdown(tr.startState)) return null;
    return { effects: slot.reconfigure(large ? [] : markdownSupport) };
  }),
];

/** A state just created for a note's text: plain text if the note is large. */
export function fitLanguage(state: EditorState): EditorState {
  if (isLarge(state.doc.length) !== wantsMarkdown(state)) return state;
  return state.update({ effects: slot.reconfigure(isLarge(state.doc.length) ? [] : markdownSupport) }).state;
}
