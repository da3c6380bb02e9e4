// The middle pane: the notes of the sidebar's choice, pinned first then most
// recently updated (the main process sorts). Virtualized: only the rows in
// view exist in the page, so 40,000 notes scroll like 40.
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { NoteSummary, TagSummary } from '../../shared/types';
import { useBooks } from '../state/books';
import { useNotes } from '../state/notes';
import { useTags } from '../state/tags';
import { useVisibleNotes } from '../state/use-visible-notes';
import { formatCount, formatUpdated, snippetWithoutTitle } from '../format';
import { PinIcon } from './icons';

const ROW_HEIGHT = 100;

function useFilterTitle(): string {
  const filter = useNotes((s) => s.filter);
  const books = useBooks((s) => s.books);
  const tags = useTags((s) => s.tags);
  if (filter.kind === 'book') return books.find((b) => b.id === filter.id)?.name ?? 'Notebook';
  if (filter.kind === 'tag') return `#${tags.find((t) => t.id === filter.id)?.name ?? 'tag'}`;
  return 'All Notes';
}

function Row({ note, tagsById, selected, onSelect }: {
  note: NoteSummary; tagsById: Map<string, TagSummary>; selected: boolean; onSelect(): void;
}) {
  return (
    <div
      role="option"
      id={`note-row-${note.id}`}
      aria-selected={selected}
      className="note-row"
      data-note-id={note.id}
      onMouseDown={(event) => {
        event.preventDefault();
        (event.currentTarget.closest('[role="listbox"]') as HTMLElement | null)?.focus();
        onSelect();
      }}
    >
      <div className="note-row-title">
        {note.pinned && <PinIcon className="note-row-pin" aria-label="Pinned" width="13" height="13" />}
        <span>{note.title || 'Untitled'}</span>
      </div>
      <div className="note-row-snippet">{snippetWithoutTitle(note)}</div>
      <div className="note-row-meta">
        <time dateTime={new Date(note.updatedAt).toISOString()}>{formatUpdated(note.updatedAt)}</time>
        {note.tags.slice(0, 3).map((id) => {
          const tag = tagsById.get(id);
          return tag ? <span key={id} className="tag-chip" data-color={tag.color}>{tag.name}</span> : null;
        })}
      </div>
    </div>
  );
}

export function NoteList() {
  const notes = useVisibleNotes();
  const loaded = useNotes((s) => s.loaded);
  const selectedId = useNotes((s) => s.activeId);
  const filter = useNotes((s) => s.filter);
  const select = useNotes((s) => s.open);
  const tags = useTags((s) => s.tags);
  const tagsById = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  const title = useFilterTitle();
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: notes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => notes[index]!.id,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filter]);

  // Keep a note open: when the list changes and the open note is not in it, open the first one.
  useEffect(() => {
    if (!notes.length) {
      if (selectedId !== null) select(null);
    } else if (!selectedId || !notes.some((n) => n.id === selectedId)) {
      select(notes[0]!.id);
    }
  }, [notes, selectedId, select]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!notes.length || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = notes.findIndex((n) => n.id === selectedId);
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const targets: Record<string, number> = {
      ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: notes.length - 1,
      PageDown: index + pageRows, PageUp: index - pageRows,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(notes.length - 1, target));
    select(notes[next]!.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <section className="note-list-pane" aria-labelledby="note-list-title">
      <header className="pane-header note-list-header">
        <h1 id="note-list-title" className="note-list-title">{title}</h1>
        <span className="note-list-count" data-testid="note-count">{formatCount(notes.length, 'note', 'notes')}</span>
      </header>
      {loaded && notes.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">No notes here</p>
          <p className="empty-hint">Import a folder of Markdown files with File › Import › Markdown Folder…</p>
        </div>
      ) : (
        <div
          ref={scrollRef}
          className="note-list"
          role="listbox"
          aria-labelledby="note-list-title"
          tabIndex={0}
          aria-activedescendant={selectedId ? `note-row-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
          data-testid="note-list"
        >
          <div className="note-list-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const note = notes[item.index]!;
              return (
                <div key={item.key} className="note-row-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  <Row note={note} tagsById={tagsById} selected={note.id === selectedId} onSelect={() => select(note.id)} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
