// The notebook tree: a heading with a "+" (and the drop target that lifts a
// notebook to the top level), then one entry per visible notebook with its
// disclosure triangle, context menu, in-place rename, dragging and drops.
import type { BookSummary } from '../../../shared/types';
import { useBooks } from '../../state/books';
import type { Counts } from '../../state/library';
import { useSidebar } from '../../state/sidebar';
import {
  createBook, deleteBook, dropNotes, moveBook, moveBookTo, newNoteIn, renameBook, renameBookTo,
} from '../../sidebar-actions';
import { checkNest, type TreeRow } from '../../sidebar-model';
import { NotebookIcon, NotesIcon } from '../icons';
import { openContextMenu, type ContextMenuItem } from './ContextMenu';
import { useDropTarget, type DropVerdict } from './drop-target';
import { SectionHeading } from './SectionHeading';
import { SidebarEntry } from './SidebarEntry';
import { PlusIcon, TrashIcon } from './sidebar-icons';
import type { EntryBinding } from './entry-binding';

function bookMenu(book: BookSummary): ContextMenuItem[] {
  return [
    { id: 'new-note', label: 'New Note', icon: <NotesIcon width="14" height="14" />, onSelect: () => void newNoteIn(book.id) },
    { id: 'new-sub', label: 'New Sub-notebook…', icon: <PlusIcon width="14" height="14" />, onSelect: () => void createBook(book.id) },
    { id: 'rename', label: 'Rename…', separatorBefore: true, onSelect: () => void renameBook(book) },
    { id: 'move', label: 'Move to…', onSelect: () => void moveBookTo(book) },
    { id: 'delete', label: 'Delete…', danger: true, separatorBefore: true, icon: <TrashIcon width="14" height="14" />, onSelect: () => void deleteBook(book) },
  ];
}

/** How a dragged notebook would land on `targetId` (null: the top level). */
function nestVerdict(draggedId: string, targetId: string | null): DropVerdict {
  if (draggedId === targetId) return null;
  const check = checkNest(useBooks.getState().books, draggedId, targetId);
  if (check.ok) return 'ok';
  return check.reason ? 'refuse' : null;
}

export function NotebookSection({ rows, counts, bind }: { rows: TreeRow[]; counts: Counts; bind: EntryBinding }) {
  const setExpanded = useSidebar((s) => s.setExpanded);
  const loaded = useBooks((s) => s.loaded);
  const { dropState, dropHandlers } = useDropTarget({
    book: (id) => nestVerdict(id, null),
    onBook: (id) => void moveBook(id, null),
  });

  return (
    <section className="sb-section" aria-labelledby="sb-notebooks">
      <SectionHeading
        id="sb-notebooks"
        title="Notebooks"
        addLabel="New notebook"
        testId="sidebar-notebooks-heading"
        onAdd={() => void createBook(null)}
        dropState={dropState}
        dropHandlers={dropHandlers}
        onMenu={(anchor, at) => openContextMenu(anchor, 'Notebooks', [
          { id: 'new', label: 'New Notebook…', icon: <PlusIcon width="14" height="14" />, onSelect: () => void createBook(null) },
        ], at)}
      />
      {rows.length === 0 ? (
        // At start-up the first notes can show before the notebooks arrive: no claim there are none.
        <p className="sb-empty">{loaded ? 'No notebooks yet.' : ''}</p>
      ) : (
        <ul className="sb-list">
          {rows.map((row) => {
            const { book } = row;
            return (
              <SidebarEntry
                key={book.id}
                {...bind(book.id)}
                kind="book"
                filter={{ kind: 'book', id: book.id }}
                label={book.name}
                count={counts.byBook.get(book.id) ?? 0}
                icon={<NotebookIcon />}
                testId={`sidebar-${book.id}`}
                depth={row.depth}
                expanded={row.hasChildren ? row.expanded : undefined}
                onExpand={row.hasChildren ? (open) => setExpanded(book.id, open) : undefined}
                parentKey={row.parentId}
                menu={() => bookMenu(book)}
                rename={(name) => renameBookTo(book, name)}
                onDelete={() => void deleteBook(book)}
                dragBookId={book.id}
                drop={{
                  book: (id) => nestVerdict(id, book.id),
                  onBook: (id) => void moveBook(id, book.id),
                  onNotes: (ids) => void dropNotes({ kind: 'book', id: book.id }, ids),
                }}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}
