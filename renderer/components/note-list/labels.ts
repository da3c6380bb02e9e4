// Words the note list shows for statuses and for the sidebar's choice.
import type { NoteStatus } from '../../../shared/doc-limits';
import type { BookSummary, TagSummary } from '../../../shared/types';
import type { NoteFilter } from '../../state/notes';

export const STATUS_LABELS: Record<NoteStatus, string> = {
  none: 'None', active: 'Active', onHold: 'On Hold', completed: 'Completed', dropped: 'Dropped',
};

export function filterTitle(filter: NoteFilter, books: readonly BookSummary[], tags: readonly TagSummary[]): string {
  switch (filter.kind) {
    case 'all': return 'All Notes';
    case 'pinned': return 'Pinned';
    case 'trash': return 'Trash';
    case 'status': return STATUS_LABELS[filter.status];
    case 'book': return books.find((b) => b.id === filter.id)?.name ?? 'Notebook';
    case 'tag': return tags.find((t) => t.id === filter.id)?.name ?? 'Tag';
  }
}
