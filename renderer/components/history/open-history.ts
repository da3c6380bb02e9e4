// Note › History… (menu, shortcut, the note rows' context menu): opens the
// History dialog on one note, the open one when several are chosen.
import { registerCommand } from '../../commands';
import { useDialogs } from '../../state/dialogs';
import { useNotes } from '../../state/notes';
import { useNotifications } from '../../state/notifications';
import { chosenIds } from '../note-list/note-actions';

let toastId = 0;

export function openHistory(ids: readonly string[]): void {
  const { activeId } = useNotes.getState();
  const id = ids.length === 1 ? ids[0]! : activeId && ids.includes(activeId) ? activeId : null;
  if (!id) {
    useNotifications.getState().push({
      id: `history-${++toastId}`,
      kind: 'info',
      title: ids.length ? 'Choose one note to see its history.' : 'Open a note to see its history.',
    });
    return;
  }
  useDialogs.getState().showHistory(id);
}

registerCommand('note.history', () => openHistory(chosenIds()));
