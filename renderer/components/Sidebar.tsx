// The left pane: All Notes, Pinned and Trash; the notebook tree; the four
// statuses; the tags. Each entry shows how many notes it holds and, clicked,
// sets the note list's filter. Keyboard: one Tab stop for all entries (the
// current one); Up/Down/Home/End move, Left/Right fold and unfold notebooks,
// Enter chooses, F2 renames, Delete deletes, the context-menu key or
// Shift+F10 opens the entry's menu.
import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import { NOTE_STATUSES } from '../../shared/doc-limits';
import { useBooks } from '../state/books';
import { bookTree } from '../state/library';
import { useNoteCounts } from '../state/use-note-counts';
import { useNotes, type FilterStatus, type NoteFilter } from '../state/notes';
import { useSidebar } from '../state/sidebar';
import { useTags } from '../state/tags';
import { dropNotes } from '../sidebar-actions';
import { emptyTrash } from './note-list/note-actions';
import { visibleTree } from '../sidebar-model';
import { NotesIcon, PinIcon } from './icons';
import { ContextMenu } from './sidebar/ContextMenu';
import type { EntryBinding } from './sidebar/entry-binding';
import { NotebookSection } from './sidebar/NotebookSection';
import { SectionHeading } from './sidebar/SectionHeading';
import { SidebarEntry } from './sidebar/SidebarEntry';
import { STATUS_LABELS, StatusIcon, TrashIcon } from './sidebar/sidebar-icons';
import { TagSection } from './sidebar/TagSection';
import './sidebar/sidebar.css';

const STATUSES = NOTE_STATUSES.filter((s): s is FilterStatus => s !== 'none');
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function filterKey(filter: NoteFilter): string {
  if (filter.kind === 'book' || filter.kind === 'tag') return filter.id;
  if (filter.kind === 'status') return `status:${filter.status}`;
  return filter.kind;
}

function moveFocus(event: KeyboardEvent<HTMLElement>) {
  const entries = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-entry-key]')];
  const index = entries.indexOf(event.target as HTMLElement);
  if (index < 0) return;
  const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  entries[Math.min(Math.max(to, 0), entries.length - 1)]?.focus();
}

export function Sidebar() {
  const filter = useNotes((s) => s.filter);
  const books = useBooks((s) => s.books);
  const tags = useTags((s) => s.tags);
  const collapsed = useSidebar((s) => s.collapsed);
  const [focusKey, setFocusKey] = useState<string | null>(null);

  const tree = useMemo(() => bookTree(books), [books]);
  const rows = useMemo(() => visibleTree(tree, collapsed), [tree, collapsed]);
  const counts = useNoteCounts();
  const sortedTags = useMemo(() => [...tags].sort((a, b) => byName.compare(a.name, b.name)), [tags]);

  const currentKey = filterKey(filter);
  const shown = useMemo(() => new Set([
    'all', 'pinned', 'trash', ...rows.map((r) => r.book.id), ...STATUSES.map((s) => `status:${s}`), ...sortedTags.map((t) => t.id),
  ]), [rows, sortedTags]);
  const tabKey = focusKey && shown.has(focusKey) ? focusKey : shown.has(currentKey) ? currentKey : 'all';
  const bind: EntryBinding = useCallback(
    (key) => ({ entryKey: key, current: key === currentKey, tabStop: key === tabKey, onFocusEntry: setFocusKey }),
    [currentKey, tabKey],
  );

  return (
    <nav className="sidebar sb" aria-label="Notebooks and tags" data-testid="sidebar" onKeyDown={moveFocus}>
      <ul className="sb-list">
        <SidebarEntry {...bind('all')} kind="all" filter={{ kind: 'all' }} label="All Notes" count={counts.all}
          icon={<NotesIcon />} testId="sidebar-all-notes" />
        <SidebarEntry {...bind('pinned')} kind="pinned" filter={{ kind: 'pinned' }} label="Pinned" count={counts.pinned}
          icon={<PinIcon />} testId="sidebar-pinned" />
        <SidebarEntry {...bind('trash')} kind="trash" filter={{ kind: 'trash' }} label="Trash" count={counts.trash}
          icon={<TrashIcon />} testId="sidebar-trash"
          menu={() => [{ id: 'empty', label: 'Empty Trash…', danger: true, onSelect: () => void emptyTrash() }]}
          drop={{ onNotes: (ids) => void dropNotes({ kind: 'trash' }, ids) }} />
      </ul>

      <NotebookSection rows={rows} counts={counts} bind={bind} />

      <section className="sb-section" aria-labelledby="sb-status">
        <SectionHeading id="sb-status" title="Status" />
        <ul className="sb-list">
          {STATUSES.map((status) => (
            <SidebarEntry key={status} {...bind(`status:${status}`)} kind="status" filter={{ kind: 'status', status }}
              label={STATUS_LABELS[status]} count={counts.byStatus.get(status) ?? 0}
              icon={<StatusIcon status={status} />} testId={`sidebar-status-${status}`} />
          ))}
        </ul>
      </section>

      <TagSection tags={sortedTags} counts={counts} bind={bind} />
      <ContextMenu />
    </nav>
  );
}
