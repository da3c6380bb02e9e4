// The CodeMirror setup shared by every note: Markdown (GitHub flavour) with
// highlighting, soft wrapping, undo history, the standard keymaps and the
// `[[` completion of links to other notes. Ctrl/Cmd+F is left to the app (search
// notes), so CodeMirror's own search panel is not included.
import { HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { Annotation, type Extension } from '@codemirror/state';
import {
  drawSelection, dropCursor, EditorView, highlightSpecialChars, keymap, placeholder, type DOMEventHandlers,
  type ViewUpdate,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { markdownBySize } from './markdown-language';
import { noteLinkAutocompletion } from './note-link-completion';

/** Marks changes that came from the database (another window, an import), not from typing: they are not saved back. */
export const remoteChange = Annotation.define<boolean>();

// Colours are the app's CSS variables (editor.css sets the --code-* ones), which
// reach into the editor's shadow root, so light and dark follow the OS.
const highlightStyle = HighlightStyle.define([
  { tag: t.heading1, fontSize: '1.5em', fontWeight: '700', letterSpacing: '-0.01em' },
  { tag: t.heading2, fontSize: '1.28em', fontWeight: '700' },
  { tag: t.heading3, fontSize: '1.12em', fontWeight: '700' },
  { tag: t.heading, fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.strikethrough, textDecoration: 'line-through', color: 'var(--text-muted)' },
  { tag: t.link, color: 'var(--accent)' },
  { tag: t.url, color: 'var(--text-faint)' },
  { tag: t.monospace, fontFamily: 'var(--font-mono)', fontSize: '0.87em' },
  { tag: t.quote, color: 'var(--text-muted)', fontStyle: 'italic' },
  { tag: [t.contentSeparator, t.processingInstruction], color: 'var(--text-faint)', fontWeight: '400' },
  { tag: t.labelName, color: 'var(--text-muted)' },
  { tag: t.atom, color: 'var(--accent)' },
  // Inside fenced code.
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--code-string)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--text-faint)', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null], color: 'var(--code-literal)' },
  { tag: [t.typeName, t.className, t.namespace, t.tagName], color: 'var(--code-type)' },
  { tag: [t.definition(t.variableName), t.function(t.variableName)], color: 'var(--code-function)' },
  { tag: [t.propertyName, t.attributeName], color: 'var(--code-property)' },
  { tag: [t.meta, t.annotation], color: 'var(--text-muted)' },
  { tag: t.inserted, color: 'var(--success)' },
  { tag: [t.deleted, t.invalid], color: 'var(--danger)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'transparent' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-ui)', fontSize: '15px', lineHeight: '1.7', overflow: 'auto' },
  '.cm-content': {
    maxWidth: 'var(--editor-column, 856px)', margin: '0 auto', padding: '4px var(--editor-gutter, 48px) 96px',
    caretColor: 'var(--accent)',
  },
  '.cm-line': { padding: '0' },
  '.cm-cursor, .cm-dropCursor': { borderLeft: '2px solid var(--accent)' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    // The base theme's own rule is more specific (it adds the light/dark class).
    background: 'var(--accent-soft-strong) !important',
  },
  '.cm-specialChar': { color: 'var(--danger)' },
  // The `[[` note-link completion (note-link-completion.ts).
  '.cm-tooltip': {
    backgroundColor: 'var(--bg-raised)', color: 'var(--text)', border: '1px solid var(--border-strong)',
    borderRadius: '8px', boxShadow: 'var(--shadow-pop)', overflow: 'hidden',
  },
  // As specific as the base theme's rules, which come first.
  '.cm-tooltip.cm-tooltip-autocomplete > ul': {
    fontFamily: 'var(--font-ui)', fontSize: '14px', maxHeight: '16em', minWidth: '220px', padding: '4px',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '3px 10px', borderRadius: '5px', lineHeight: '1.6' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { background: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
});

export interface EditorHooks {
  onUpdate(update: ViewUpdate): void;
  domEvents: DOMEventHandlers<unknown>;
}

export function editorExtensions(hooks: EditorHooks): Extension[] {
  return [
    history(),
    drawSelection(),
    dropCursor(),
    highlightSpecialChars(),
    indentOnInput(),
    EditorView.lineWrapping,
    // Markdown, or plain text for a very large note (markdown-language.ts).
    markdownBySize,
    theme,
    syntaxHighlighting(highlightStyle),
    // Before the default keymap, so Enter and the arrows choose a completion while one is open.
    noteLinkAutocompletion,
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    placeholder('Start writing…'),
    EditorView.contentAttributes.of({ 'aria-label': 'Note body', spellcheck: 'true', autocapitalize: 'sentences' }),
    EditorView.updateListener.of(hooks.onUpdate),
    EditorView.domEventHandlers(hooks.domEvents),
  ];
}
