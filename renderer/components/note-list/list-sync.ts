// Side effects the note list starts when its module loads: the search box's
// query is sent to the main process as it changes (and re-run when notes
// change), and the chosen sort is remembered across restarts.
import { client } from '../../client/index';
import { FIRST_PAGE_ROWS } from '../../data';
import { useNotes } from '../../state/notes';
import { SearchRunner, useSearch } from '../../state/search';
import { readSort, writeSort } from './sort-preference';

const storage = typeof localStorage === 'undefined' ? undefined : localStorage;

const saved = readSort(storage);
if (saved) useNotes.getState().setSort(saved);

const runner = new SearchRunner({
  invoke: async (query, includeTrash) => {
    const { loaded, filter, sort } = useNotes.getState();
    // Typed before every summary is in (seconds at 200,000 notes): the host
    // sends the rows the list starts with, the count and the ids. Should
    // that fail, the search still answers, its count only once the list is in.
    const page = loaded ? null : await client.invoke('notes.firstPage', { filter, sort, limit: FIRST_PAGE_ROWS, query, includeTrash }).catch(() => null);
    if (!page?.ids) return client.invoke('search.query', { query, includeTrash });
    useNotes.getState().setSearchPage({ query, filter, sort, total: page.total }, page.notes);
    return page.ids;
  },
  apply: (query, ids) => useNotes.getState().setSearchIds(query, ids),
  status: (status, error) => useSearch.getState().set(status, error),
});

useNotes.subscribe((state, before) => {
  if (state.sort !== before.sort) writeSort(storage, state.sort);
  const inTrash = state.filter.kind === 'trash';
  if (state.query !== before.query || inTrash !== (before.filter.kind === 'trash')) {
    runner.request({ query: state.query, includeTrash: inTrash });
  } else if (state.query.trim() && (state.version !== before.version
    || (!state.loaded && (state.filter !== before.filter || state.sort !== before.sort)))) {
    runner.request({ query: state.query, includeTrash: inTrash, refresh: true });
  }
});
