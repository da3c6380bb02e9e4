// The left pane: All Notes, the notebook tree and the tags, each with how many notes it holds.
import { useMemo, type ReactNode } from 'react';
import { useBooks } from '../state/books';
import { useNotes, sameFilter, type NoteFilter } from '../state/notes';
import { useTags } from '../state/tags';
import { bookTree, countNotes } from '../state/library';
import { NotebookIcon, NotesIcon } from './icons';

const numberFormat = new Intl.NumberFormat();

function Entry({ filter, label, count, icon, depth = 0, testId }: {
  filter: NoteFilter; label: string; count: number; icon: ReactNode; depth?: number; testId?: string;
}) {
  const current = useNotes((s) => s.filter);
  const setFilter = useNotes((s) => s.setFilter);
  const selected = sameFilter(current, filter);
  return (
    <li>
      <button
        type="button"
        className={`sidebar-item depth-${Math.min(depth, 6)}`}
        aria-current={selected ? 'true' : undefined}
        data-testid={testId}
        onClick={() => setFilter(filter)}
      >
        {icon}
        <span className="sidebar-label">{label}</span>
        <span className="sidebar-count" aria-label={`${count} notes`}>{numberFormat.format(count)}</span>
      </button>
    </li>
  );
}

export function Sidebar() {
  const byId = useNotes((s) => s.byId);
  const version = useNotes((s) => s.version);
  const books = useBooks((s) => s.books);
  const tags = useTags((s) => s.tags);
  const tree = useMemo(() => bookTree(books), [books]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for byId's contents
  const counts = useMemo(() => countNotes(byId.values(), books), [byId, version, books]);
  const sortedTags = useMemo(
    () => [...tags].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })),
    [tags],
  );

  return (
    <nav className="sidebar" aria-label="Notebooks and tags">
      <ul className="sidebar-list">
        <Entry filter={{ kind: 'all' }} label="All Notes" count={counts.all} icon={<NotesIcon />} testId="sidebar-all-notes" />
      </ul>
      {tree.length > 0 && (
        <section aria-labelledby="sidebar-notebooks">
          <h2 id="sidebar-notebooks" className="sidebar-heading">Notebooks</h2>
          <ul className="sidebar-list">
            {tree.map(({ book, depth }) => (
              <Entry key={book.id} filter={{ kind: 'book', id: book.id }} label={book.name} depth={depth}
                count={counts.byBook.get(book.id) ?? 0} icon={<NotebookIcon />} testId={`sidebar-${book.id}`} />
            ))}
          </ul>
        </section>
      )}
      {sortedTags.length > 0 && (
        <section aria-labelledby="sidebar-tags">
          <h2 id="sidebar-tags" className="sidebar-heading">Tags</h2>
          <ul className="sidebar-list">
            {sortedTags.map((tag) => (
              <Entry key={tag.id} filter={{ kind: 'tag', id: tag.id }} label={tag.name}
                count={counts.byTag.get(tag.id) ?? 0} icon={<span className="tag-dot" data-color={tag.color} />}
                testId={`sidebar-${tag.id}`} />
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}
