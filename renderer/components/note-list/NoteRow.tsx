// One row of the note list. Memoized and free of handlers (the list listens
// for clicks and drags once, for all rows), so scrolling through 40,000
// notes only renders the few rows coming into view.
import { memo } from 'react';
import type { NoteSort, NoteSummary, TagSummary } from '../../../shared/types';
import { formatFullDate, formatUpdated, snippetWithoutTitle } from '../../format';
import { PinIcon } from '../icons';
import { ConflictIcon } from '../editor/conflict-icon';
import { useEditor } from '../editor/editor-store';
import { STATUS_LABELS } from './labels';
import { TasksIcon } from './list-icons';

export const ROW_HEIGHT = 98;
const MAX_TAGS = 3;

interface NoteRowProps {
  note: NoteSummary;
  selected: boolean;
  /** The note open in the editor. */
  active: boolean;
  tagsById: ReadonlyMap<string, TagSummary>;
  /** Which time to show: the one the list is sorted by (updated for the title sort). */
  sort: NoteSort;
}

export const NoteRow = memo(function NoteRow({ note, selected, active, tagsById, sort }: NoteRowProps) {
  const time = sort === 'createdAt' ? note.createdAt : note.updatedAt;
  const tags = note.tags.map((id) => tagsById.get(id)).filter((t) => t !== undefined);
  const allDone = note.numOfTasks > 0 && note.numOfCheckedTasks >= note.numOfTasks;
  const notSaved = useEditor((s) => s.notSaved[note.id]);
  return (
    <div
      role="option"
      id={`note-row-${note.id}`}
      aria-selected={selected}
      className={`nl-row${active ? ' active' : ''}${notSaved !== undefined ? ' not-saved' : ''}`}
      data-note-id={note.id}
      data-testid="note-row"
      draggable
    >
      <div className="nl-row-top">
        {note.pinned && <PinIcon className="nl-row-pin" aria-label="Pinned" width="13" height="13" />}
        <span className="nl-row-title">{note.title.trim() || 'Untitled'}</span>
        {note.conflicts ? (
          <span className="nl-row-conflict" title="Has another version to choose from" data-testid="note-row-conflict">
            <ConflictIcon width="13" height="13" aria-label="Has another version" role="img" aria-hidden={undefined} />
          </span>
        ) : null}
        {notSaved !== undefined && (
          <span className="nl-row-not-saved" title={`Not saved: ${notSaved}`} data-testid="note-row-not-saved">Not saved</span>
        )}
        <time
          className="nl-row-time"
          dateTime={new Date(time).toISOString()}
          title={`${sort === 'createdAt' ? 'Created' : 'Updated'} ${formatFullDate(time)}`}
        >
          {formatUpdated(time)}
        </time>
      </div>
      <div className="nl-row-snippet">{snippetWithoutTitle(note)}</div>
      <div className="nl-row-meta">
        {note.status !== 'none' && (
          <span className="nl-status" data-status={note.status} data-testid="note-row-status">{STATUS_LABELS[note.status]}</span>
        )}
        {note.numOfTasks > 0 && (
          <span className={`nl-tasks${allDone ? ' done' : ''}`} data-testid="note-row-tasks"
            aria-label={`${note.numOfCheckedTasks} of ${note.numOfTasks} tasks done`}>
            <TasksIcon width="12" height="12" />{note.numOfCheckedTasks}/{note.numOfTasks}
          </span>
        )}
        {tags.slice(0, MAX_TAGS).map((tag) => (
          <span key={tag.id} className="nl-tag" data-color={tag.color}>{tag.name}</span>
        ))}
        {tags.length > MAX_TAGS && <span className="nl-more-tags">+{tags.length - MAX_TAGS}</span>}
      </div>
    </div>
  );
});
