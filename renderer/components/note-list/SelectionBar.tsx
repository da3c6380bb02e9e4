// At the top of the list while several notes are selected (or any in the
// Trash): how many, and what can be done to them all at once.
import { memo } from 'react';
import { formatCount } from '../../format';
import { useNotes } from '../../state/notes';
import { addTag, deleteForever, moveToNotebook, moveToTrash, restore } from './note-actions';

export const SelectionBar = memo(function SelectionBar({ ids }: { ids: string[] }) {
  const inTrash = useNotes((s) => s.filter.kind === 'trash');
  const activeId = useNotes((s) => s.activeId);
  const setSelection = useNotes((s) => s.setSelection);
  if (ids.length === 0 || (ids.length === 1 && !inTrash)) return null;
  return (
    <div className="nl-selection" role="toolbar" aria-label="Selected notes" data-testid="selection-bar">
      <div className="nl-selection-top">
        <span className="nl-selection-count" data-testid="selection-count">
          {inTrash && ids.length === 1 ? 'In the Trash' : `${formatCount(ids.length, 'note', 'notes')} selected`}
        </span>
        {ids.length > 1 && (
          <button type="button" className="nl-link" onClick={() => setSelection(activeId ? [activeId] : [])}>
            Deselect
          </button>
        )}
      </div>
      <div className="nl-selection-actions">
        {inTrash ? (
          <>
            <button type="button" className="nl-action" onClick={() => void restore(ids)}>
              Restore
            </button>
            <button type="button" className="nl-action danger" onClick={() => void deleteForever(ids)}>
              Delete Forever
            </button>
          </>
        ) : (
          <>
            <button type="button" className="nl-action" onClick={() => void moveToNotebook(ids)}>
              Move to…
            </button>
            <button type="button" className="nl-action" onClick={() => void addTag(ids)}>
              Add Tag
            </button>
            <button type="button" className="nl-action" onClick={() => void moveToTrash(ids)}>
              Move to Trash
            </button>
          </>
        )}
      </div>
    </div>
  );
});
