// The middle pane: the notes of the sidebar's choice, narrowed by the search,
// pinned first then in the chosen order (see state/library.ts). Virtualized:
// only the rows in view exist in the page, so 40,000 notes scroll like 40.
// Click opens a note, Ctrl/Cmd-click and Shift-click select several, rows
// drag onto the sidebar's notebooks and tags. Right-click, Shift+F10 or the
// context-menu key opens the note menu (NoteContextMenu.tsx).
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useNotes } from '../../state/notes';
import { useSearch } from '../../state/search';
import { useTags } from '../../state/tags';
import { useVisibleNotes } from '../../state/use-visible-notes';
import { editorSession } from '../editor/editor-session';
import { deleteChosen, trashCount } from './note-actions';
import { NoteContextMenu, type ContextMenuAt } from './NoteContextMenu';
import { NoteListHeader } from './NoteListHeader';
import { NoteRow, ROW_HEIGHT } from './NoteRow';
import { listRegistry } from './registry';
import { clickSelection, inListOrder, isNavigationKey, keySelection, selectAll, type ListSelection } from './selection';
import { SelectionBar } from './SelectionBar';
import { useKeepNoteOpen } from './use-keep-note-open';
import './list-sync';
import './note-list.css';

export const NOTE_IDS_MIME = 'application/x-quire-note-ids';
const estimateSize = () => ROW_HEIGHT;

function EmptyState() {
  const query = useNotes((s) => s.query.trim());
  const inTrash = useNotes((s) => s.filter.kind === 'trash');
  const failure = useSearch((s) => (s.status === 'failed' ? s.error : null));
  let title = 'No notes here';
  let hint = 'Create one with File › New Note, or import a folder of Markdown files with File › Import › Markdown Folder….';
  if (failure) {
    title = 'The search did not work';
    hint = failure;
  } else if (query) {
    title = `No notes match “${query}”`;
    hint = inTrash ? 'Only notes in the Trash are searched here.' : 'Check the spelling, use fewer words, or search All Notes.';
  } else if (inTrash) {
    title = 'The Trash is empty';
    hint = 'Notes you delete wait here until you empty the Trash.';
  }
  return (
    <div className="empty-state nl-empty" data-testid="note-list-empty">
      <p className="empty-title">{title}</p>
      <p className="empty-hint">{hint}</p>
    </div>
  );
}

export function NoteList() {
  const notes = useVisibleNotes();
  const loaded = useNotes((s) => s.loaded);
  const activeId = useNotes((s) => s.activeId);
  const selectedIds = useNotes((s) => s.selectedIds);
  const filter = useNotes((s) => s.filter);
  const sort = useNotes((s) => s.sort);
  const searching = useNotes((s) => s.query.trim() !== '');
  const setSelection = useNotes((s) => s.setSelection);
  const tags = useTags((s) => s.tags);
  const tagsById = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  const ids = useMemo(() => notes.map((n) => n.id), [notes]);
  // With nothing selected (the sidebar's choice just changed), the open note counts as selected.
  const selection = useMemo(() => (selectedIds.length || !activeId ? selectedIds : [activeId]), [selectedIds, activeId]);
  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const chosen = useMemo(() => inListOrder(ids, selection), [ids, selection]);
  const activeShown = useMemo(() => activeId !== null && ids.includes(activeId), [ids, activeId]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<string | null>(null);
  const [menu, setMenu] = useState<ContextMenuAt | null>(null);
  const closeMenu = useCallback((returnFocus: boolean) => {
    setMenu(null);
    if (returnFocus) scrollRef.current?.focus();
  }, []);

  useEffect(() => listRegistry.setShown(notes), [notes]);
  useKeepNoteOpen(notes);

  // A new getItemKey makes the virtualizer measure all 40,000 rows again: keep it while the list is the same.
  const getItemKey = useCallback((index: number) => ids[index]!, [ids]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: notes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    // Rows kept beyond each edge of the view: 3 (294 px) cover a wheel tick or
    // two. Every row coming into view is a new subtree to style and lay out, so
    // a jump (a dragged scrollbar, Page Down) costs in proportion: with 8 each
    // jump made 31 rows, and at 200k notes 127-171 frames in 600 were missed
    // on this 2-core machine; with 3, 12-17 (docs/benchmarks.md, issue 16).
    overscan: 3,
    getItemKey,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filter]);

  // The open note stays in view when the keyboard or a command moves it (not when the list merely changes).
  useEffect(() => {
    if (!activeId) return;
    const index = listRegistry.shown().findIndex((n) => n.id === activeId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [activeId, virtualizer]);

  // A range starts from the anchor while it is part of a multiple selection; otherwise from the open note.
  const current = (): ListSelection => ({
    selectedIds: selection,
    activeId,
    anchorId: selection.length > 1 && anchor.current && selection.includes(anchor.current) ? anchor.current : activeId,
  });
  const apply = (next: ListSelection) => {
    anchor.current = next.anchorId;
    setSelection(next.selectedIds, next.activeId);
  };

  const rowId = (event: { target: EventTarget }) =>
    (event.target as HTMLElement).closest<HTMLElement>('[data-note-id]')?.dataset.noteId ?? null;

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const id = rowId(event);
    if (!id) return;
    apply(clickSelection(ids, current(), id, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey }));
    editorSession.showListChoice();
  };

  /** The context menu for the chosen notes; a row outside the selection becomes the selection first. */
  const openMenu = (x: number, y: number, id: string | null) => {
    let ids = chosen;
    if (id && !selectedSet.has(id)) {
      apply(clickSelection(ids, current(), id, { toggle: false, range: false }));
      ids = [id];
    }
    if (ids.length) setMenu({ x, y, ids });
  };

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    event.preventDefault();
    const id = rowId(event);
    if (id) openMenu(event.clientX, event.clientY, id);
    else if (event.button !== 2 || (event.clientX === 0 && event.clientY === 0)) openMenuByKeyboard();
  };

  /** From the keyboard: below the open note's row, or the top of the list. */
  const openMenuByKeyboard = () => {
    const row = activeId ? document.getElementById(`note-row-${activeId}`) : null;
    const box = (row ?? scrollRef.current)?.getBoundingClientRect();
    if (box) openMenu(box.left + 24, row ? box.top + Math.min(box.height, 32) : box.top + 8, null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const command = event.ctrlKey || event.metaKey;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !command && !event.altKey)) {
      event.preventDefault();
      openMenuByKeyboard();
    } else if (isNavigationKey(event.key) && !command && !event.altKey) {
      event.preventDefault();
      const pageRows = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1;
      const next = keySelection(ids, current(), event.key, event.shiftKey, pageRows);
      if (!next) return;
      apply(next);
      virtualizer.scrollToIndex(ids.indexOf(next.activeId!), { align: 'auto' });
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !command && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      void deleteChosen();
    } else if (command && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      apply(selectAll(ids, current()));
    } else if (event.key === 'Escape' && chosen.length > 1) {
      event.preventDefault();
      apply({ selectedIds: activeId ? [activeId] : [], activeId, anchorId: activeId });
    }
  };

  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    const id = rowId(event);
    if (!id) return;
    const dragged = selectedSet.has(id) ? chosen : [id];
    event.dataTransfer.setData(NOTE_IDS_MIME, JSON.stringify(dragged));
    event.dataTransfer.effectAllowed = 'move';
    if (dragged.length > 1) {
      const ghost = document.createElement('div');
      ghost.className = 'nl-drag-ghost';
      ghost.textContent = `${dragged.length} notes`;
      document.body.appendChild(ghost);
      event.dataTransfer.setDragImage(ghost, 14, 14);
      setTimeout(() => ghost.remove(), 0);
    }
  };

  // The virtualizer re-renders this component as the list scrolls: nothing here may walk all notes.
  const trashTotal = useMemo(
    () => (filter.kind === 'trash' ? (searching ? trashCount() : notes.length) : 0),
    // notes stands for the trash's contents changing
    [filter.kind, searching, notes],
  );
  return (
    <section className="note-list-pane nl-pane" aria-labelledby="note-list-title" data-testid="note-list-pane">
      <NoteListHeader count={notes.length} trashCount={trashTotal} />
      <SelectionBar ids={chosen} />
      {loaded && notes.length === 0 ? (
        <EmptyState />
      ) : (
        <div
          ref={(element) => {
            scrollRef.current = element;
            listRegistry.setListElement(element);
          }}
          className="nl-list"
          role="listbox"
          aria-labelledby="note-list-title"
          aria-multiselectable="true"
          tabIndex={0}
          aria-activedescendant={activeShown ? `note-row-${activeId}` : undefined}
          onClick={onClick}
          onMouseDown={(event) => {
            // Shift-click selects notes, not the text between them.
            if (event.shiftKey) event.preventDefault();
          }}
          onKeyDown={onKeyDown}
          onContextMenu={onContextMenu}
          onDragStart={onDragStart}
          data-testid="note-list"
        >
          <div className="nl-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const note = notes[item.index]!;
              return (
                <div key={item.key} className="nl-slot" style={{ transform: `translateY(${item.start}px)` }}>
                  <NoteRow note={note} selected={selectedSet.has(note.id)} active={note.id === activeId}
                    tagsById={tagsById} sort={sort} />
                </div>
              );
            })}
          </div>
        </div>
      )}
      {menu && <NoteContextMenu at={menu} onClose={closeMenu} />}
    </section>
  );
}
