// Above the list: the search box, then what the list shows (the sidebar's
// choice) with its count, the sort, and Empty Trash in the Trash.
import { memo } from 'react';
import { useBooks } from '../../state/books';
import { partialSearchFits, useNotes } from '../../state/notes';
import { useSearch } from '../../state/search';
import { useTags } from '../../state/tags';
import { formatCount } from '../../format';
import { filterTitle } from './labels';
import { TrashIcon } from './list-icons';
import { emptyTrash } from './note-actions';
import { SearchBox } from './SearchBox';
import { SortMenu } from './SortMenu';

export const NoteListHeader = memo(function NoteListHeader({ count, trashCount }: { count: number; trashCount: number }) {
  const filter = useNotes((s) => s.filter);
  const query = useNotes((s) => s.query);
  const books = useBooks((s) => s.books);
  const tags = useTags((s) => s.tags);
  const searching = useSearch((s) => s.status === 'searching');
  // Until every summary is in, the list holds the first screenful only: its length is not the count
  // (a search's count then comes from the host).
  const loaded = useNotes((s) => s.loaded);
  const partialSearch = useNotes((s) => (partialSearchFits(s.partialSearch, s) ? s.partialSearch.total : null));
  const title = filterTitle(filter, books, tags);

  return (
    <header className="nl-header">
      <div className="pane-header nl-search-row">
        <SearchBox />
      </div>
      <div className="nl-title-row">
        <div className="nl-heading">
          <h1 id="note-list-title" className="nl-title" data-testid="note-list-title">
            {filter.kind === 'tag' && <span className="nl-title-hash" aria-hidden="true">#</span>}
            {title}
          </h1>
          <p className="nl-count">
            <span data-testid="note-count">{loaded ? formatCount(count, 'note', 'notes') : partialSearch !== null ? formatCount(partialSearch, 'note', 'notes') : 'Loading notes…'}</span>
            {query.trim() && searching && <span className="nl-count-search" role="status"> · Searching…</span>}
          </p>
        </div>
        {filter.kind === 'trash' && (
          <button
            type="button"
            className="nl-header-button danger"
            disabled={trashCount === 0}
            data-testid="empty-trash"
            onClick={() => void emptyTrash()}
          >
            <TrashIcon width="14" height="14" />
            <span>Empty Trash</span>
          </button>
        )}
        <SortMenu />
      </div>
    </header>
  );
});
