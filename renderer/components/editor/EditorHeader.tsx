// Above the text: the notebook, status, pin, the edit/preview switch and
// the saved state on one line; the title and the tags below it. Changes
// made with these controls are saved at once; the controls show the new
// value right away and go back to the stored one if the save is refused.
import { useEffect, useMemo, useRef, useState } from 'react';
import { NOTE_STATUSES, TRASH_BOOK_ID, type NoteStatus } from '../../../shared/doc-limits';
import type { NoteSummary } from '../../../shared/types';
import { useBooks } from '../../state/books';
import { bookTree } from '../../state/library';
import { useNotes } from '../../state/notes';
import { NotebookIcon, PinIcon } from '../icons';
import { editorSession } from './editor-session';
import { useEditor, type EditorMode } from './editor-store';
import type { NotePatch } from './note-saver';
import { TagPicker } from './TagPicker';

const STATUS_LABELS: Record<NoteStatus, string> = {
  none: 'No status', active: 'Active', onHold: 'On Hold', completed: 'Completed', dropped: 'Dropped',
};
export const MODE_LABELS: Record<EditorMode, { label: string; shortcut: string }> = {
  edit: { label: 'Edit', shortcut: 'E' },
  preview: { label: 'Preview', shortcut: 'P' },
  split: { label: 'Side by side', shortcut: 'S' },
};

type Meta = Pick<NoteSummary, 'bookId' | 'tags' | 'status' | 'pinned'>;

interface Override {
  id: string;
  patch: Partial<Meta>;
  /** Saves of this note still on their way. */
  pending: number;
  /** The newest saved revision's time. */
  savedAt: number;
}

const sameMeta = (summary: NoteSummary, patch: Partial<Meta>) =>
  (Object.keys(patch) as (keyof Meta)[]).every((key) =>
    key === 'tags' ? summary.tags.join('\u0000') === (patch.tags ?? []).join('\u0000') : summary[key] === patch[key]);

/**
 * The stored values, overlaid with changes on their way to the database.
 * The overlay stays until every save of the note has answered and the list
 * shows what was saved (or something newer from elsewhere): the database's
 * events come batched, so the answer to a later save can arrive before the
 * event of an earlier one, and a click in between must not act on the older
 * tags (it dropped a tag just added).
 */
function useMeta(summary: NoteSummary) {
  const [override, setOverride] = useState<Override | null>(null);
  const mine = override?.id === summary.id ? override : null;
  if (mine && mine.pending === 0 && (sameMeta(summary, mine.patch) || summary.updatedAt > mine.savedAt)) setOverride(null);
  const meta: Meta = { ...summary, ...(mine ? mine.patch : {}) };
  const save = async (patch: NotePatch & Partial<Meta>) => {
    const id = summary.id;
    setOverride((o) => (o?.id === id
      ? { ...o, patch: { ...o.patch, ...patch }, pending: o.pending + 1 }
      : { id, patch: { ...patch }, pending: 1, savedAt: 0 }));
    let savedAt = 0;
    try {
      const doc = await editorSession.saveMeta(patch);
      if (doc) {
        savedAt = doc.updatedAt;
        // The list and sidebar follow now; the database's own event confirms it a moment later.
        // Laid over the summary as it is once the host's held changes are in (a title saved a moment ago among them).
        useNotes.getState().patchNote(id, (current) => (current.updatedAt <= doc.updatedAt
          ? { ...current, bookId: doc.bookId, tags: doc.tags, status: doc.status, pinned: doc.pinned, updatedAt: doc.updatedAt }
          : null));
      }
    } finally {
      setOverride((o) => (o?.id === id ? { ...o, pending: o.pending - 1, savedAt: Math.max(o.savedAt, savedAt) } : o));
    }
  };
  return [meta, save] as const;
}

function SaveState() {
  const status = useEditor((s) => s.status);
  const text = status.state === 'error' ? `Not saved: ${status.message ?? 'unknown error'}`
    : status.state === 'saved' ? 'Saved' : 'Saving…';
  return (
    <span className="save-state" data-testid="save-state" data-state={status.state} role="status" title={text}>
      {text}
    </span>
  );
}

export function ModeSwitch() {
  const mode = useEditor((s) => s.mode);
  const setMode = useEditor((s) => s.setMode);
  const mod = document.documentElement.dataset.platform === 'darwin' ? '⌘⇧' : 'Ctrl+Shift+';
  return (
    <div className="mode-switch" role="group" aria-label="View">
      {(Object.keys(MODE_LABELS) as EditorMode[]).map((m) => (
        <button
          key={m}
          type="button"
          className="mode-switch-button"
          aria-pressed={mode === m}
          title={`${MODE_LABELS[m].label} (${mod}${MODE_LABELS[m].shortcut})`}
          onClick={() => setMode(m)}
          data-testid={`mode-${m}`}
        >
          {MODE_LABELS[m].label}
        </button>
      ))}
    </div>
  );
}

/** `draft`: a new note the host has not made yet; its title can be typed, its other fields wait for it. */
export function EditorHeader({ summary, draft = false }: { summary: NoteSummary; draft?: boolean }) {
  const books = useBooks((s) => s.books);
  const tree = useMemo(() => bookTree(books), [books]);
  const title = useEditor((s) => s.title);
  const focusTitleOf = useEditor((s) => s.focusTitleOf);
  const [meta, save] = useMeta(summary);
  const titleRef = useRef<HTMLInputElement>(null);
  const inTrash = meta.bookId === TRASH_BOOK_ID;
  const unknownBook = draft ? 'Default notebook' : 'Unknown notebook';

  useEffect(() => {
    if (focusTitleOf !== summary.id) return;
    titleRef.current?.focus();
    useEditor.setState({ focusTitleOf: null });
  }, [focusTitleOf, summary.id]);

  const showError = (message: string) => useEditor.setState({ status: { state: 'error', message } });

  return (
    <header className="editor-header">
      <div className="editor-toolbar">
        <label className="editor-select notebook-picker">
          <NotebookIcon width="14" height="14" />
          <select
            aria-label="Notebook"
            value={meta.bookId}
            disabled={inTrash || draft}
            onChange={(event) => void save({ bookId: event.target.value })}
            data-testid="notebook-picker"
          >
            {inTrash && <option value={TRASH_BOOK_ID}>Trash</option>}
            {!inTrash && !tree.some((n) => n.book.id === meta.bookId) && <option value={meta.bookId}>{unknownBook}</option>}
            {tree.map(({ book, depth }) => (
              <option key={book.id} value={book.id}>{'\u2002'.repeat(depth * 2)}{book.name}</option>
            ))}
          </select>
        </label>
        <label className="editor-select status-picker" data-status={meta.status}>
          <span className="status-dot" aria-hidden="true" />
          <select
            aria-label="Status"
            value={meta.status}
            disabled={draft}
            onChange={(event) => void save({ status: event.target.value as NoteStatus })}
            data-testid="status-picker"
          >
            {NOTE_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <button
          type="button"
          className="icon-button pin-toggle"
          aria-pressed={meta.pinned}
          disabled={draft}
          aria-label={meta.pinned ? 'Unpin note' : 'Pin note to the top'}
          title={meta.pinned ? 'Unpin' : 'Pin to the top'}
          onClick={() => void save({ pinned: !meta.pinned })}
          data-testid="pin-toggle"
        >
          <PinIcon width="15" height="15" />
        </button>
        <span className="editor-toolbar-gap" />
        <SaveState />
        <ModeSwitch />
      </div>
      <input
        ref={titleRef}
        className="editor-title"
        placeholder="Untitled"
        aria-label="Title"
        value={title}
        maxLength={1000}
        onChange={(event) => editorSession.setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
            event.preventDefault();
            editorSession.focusBody();
          }
        }}
        data-testid="note-title"
      />
      {/* Keyed by the note: a tag name typed and not added belongs to this note, not to the next one opened. */}
      <TagPicker key={summary.id} tagIds={meta.tags} disabled={draft} onChange={(tags) => void save({ tags })} onError={showError} />
    </header>
  );
}
