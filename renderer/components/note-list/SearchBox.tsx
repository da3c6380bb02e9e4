// The search box above the note list. Typing narrows the list (the query is
// sent by list-sync.ts); Escape clears it, and a second Escape or Enter or
// Down goes to the list. Cmd/Ctrl+F and Cmd/Ctrl+K come here ('search.focus').
import { useEffect, useRef } from 'react';
import { formatAccelerator } from '../../menu/accelerators';
import { useAppInfo } from '../../state/app-info';
import { useNotes } from '../../state/notes';
import { useSearch } from '../../state/search';
import { ClearIcon, SearchIcon } from './list-icons';
import { listRegistry } from './registry';

const MAX_QUERY_CHARS = 500;

export function SearchBox() {
  const query = useNotes((s) => s.query);
  const setQuery = useNotes((s) => s.setQuery);
  const searching = useSearch((s) => s.status === 'searching');
  const platform = useAppInfo((s) => s.info?.platform);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    listRegistry.setSearchInput(input.current);
    return () => listRegistry.setSearchInput(null);
  }, []);

  const shortcut = platform ? formatAccelerator('CmdOrCtrl+K', platform) : '';
  return (
    <div className="nl-search" role="search">
      <SearchIcon className="nl-search-icon" width="14" height="14" />
      <input
        ref={input}
        className="nl-search-input"
        type="text"
        role="searchbox"
        aria-label="Search notes"
        placeholder="Search notes"
        value={query}
        maxLength={MAX_QUERY_CHARS}
        spellCheck={false}
        autoComplete="off"
        data-testid="search-input"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.nativeEvent.isComposing) return;
          if (event.key === 'Escape') {
            event.preventDefault();
            if (query) setQuery('');
            else listRegistry.focusList();
          } else if (event.key === 'Enter' || event.key === 'ArrowDown') {
            event.preventDefault();
            listRegistry.focusList();
          }
        }}
      />
      {searching && <span className="spinner nl-search-spinner" aria-hidden="true" />}
      {query ? (
        <button
          type="button"
          className="nl-search-clear"
          aria-label="Clear search"
          data-testid="search-clear"
          onClick={() => {
            setQuery('');
            input.current?.focus();
          }}
        >
          <ClearIcon width="14" height="14" />
        </button>
      ) : (
        shortcut && <kbd className="nl-search-kbd" aria-hidden="true">{shortcut}</kbd>
      )}
    </div>
  );
}
