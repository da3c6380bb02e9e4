// The right pane: the open note in the editor, its rendered preview, or
// both side by side. The editor itself is one CodeMirror view kept for the
// window's lifetime (editor/editor-session.ts); this component only places
// it and the controls around it.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { NoteSummary } from '../../shared/types';
import { useNotes } from '../state/notes';
import { useNoteSummary } from '../state/use-visible-notes';
import { CloseIcon } from './icons';
import { ConflictBar } from './editor/ConflictBar';
import { EditorHeader } from './editor/EditorHeader';
import { editorSession } from './editor/editor-session';
import { DRAFT_NOTE_ID, EDITOR_MODES, useEditor, type EditorMode } from './editor/editor-store';
import { Backlinks } from './editor/Backlinks';
import { Preview } from './editor/Preview';
import './editor/new-note';
import './editor/editor.css';
import './editor/preview.css';

/** The header of a new note the host has not made yet (editor-session.ts, beginDraft). */
const DRAFT_SUMMARY: NoteSummary = {
  id: DRAFT_NOTE_ID, title: '', snippet: '', bookId: '', tags: [], status: 'none', pinned: false,
  createdAt: 0, updatedAt: 0, numOfTasks: 0, numOfCheckedTasks: 0,
};

const MODE_KEYS: Record<string, EditorMode> = { e: 'edit', p: 'preview', s: 'split' };

/** Ctrl/Cmd+Shift+E, P, S: edit, preview, side by side. */
function useModeShortcuts() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = document.documentElement.dataset.platform === 'darwin' ? event.metaKey : event.ctrlKey;
      if (!mod || !event.shiftKey || event.altKey || event.defaultPrevented) return;
      const mode = MODE_KEYS[event.code.replace(/^Key/, '').toLowerCase()];
      if (!mode || !EDITOR_MODES.includes(mode)) return;
      event.preventDefault();
      useEditor.getState().setMode(mode);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

function EditorAlert() {
  const alert = useEditor((s) => s.alert);
  const status = useEditor((s) => s.status);
  const message = alert ?? (status.state === 'error' ? `Not saved: ${status.message ?? ''}` : null);
  if (!message) return null;
  return (
    <div className="editor-alert" role="alert" data-testid="editor-alert">
      <span>{message}</span>
      {alert && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => useEditor.getState().setAlert(null)}>
          <CloseIcon width="12" height="12" />
        </button>
      )}
    </div>
  );
}

export function NoteView() {
  const activeId = useNotes((s) => s.activeId);
  const noteId = useEditor((s) => s.noteId);
  const openError = useEditor((s) => s.openError);
  const mode = useEditor((s) => s.mode);
  const summary = useNoteSummary(noteId);
  const hostRef = useRef<HTMLDivElement>(null);
  useModeShortcuts();

  useLayoutEffect(() => {
    editorSession.attach(hostRef.current!);
    // Made when a note is first shown, or here once the window has nothing else to do.
    const idle = requestIdleCallback(() => editorSession.ensureView(), { timeout: 3000 });
    return () => cancelIdleCallback(idle);
  }, []);

  useEffect(() => {
    // Shown again after the preview hid it: CodeMirror measures its lines anew.
    if (mode !== 'preview') editorSession.editorView?.requestMeasure();
  }, [mode]);

  const drafting = useEditor((s) => s.draft);
  const draftBookId = useEditor((s) => s.draftBookId);
  const failed = openError && openError.id === activeId ? openError : null;
  const shown = drafting ? { ...DRAFT_SUMMARY, bookId: draftBookId } : summary;
  const showing = drafting || !!(noteId && summary && activeId && !failed);

  return (
    <main className="note-view editor-pane" aria-label="Note" data-testid="note-view" data-mode={mode} aria-busy={activeId !== noteId}>
      {showing && shown && <EditorHeader summary={shown} draft={drafting} />}
      {showing && <EditorAlert />}
      {showing && summary && !drafting && <ConflictBar summary={summary} />}
      <div className="editor-body" hidden={!showing}>
        <div ref={hostRef} className="editor-host" hidden={mode === 'preview'} data-testid="editor" />
        {showing && mode !== 'edit' && (
          <div className="preview-pane">
            <Preview />
            {noteId && <Backlinks noteId={noteId} />}
          </div>
        )}
      </div>
      {!showing && (
        <div className="empty-state">
          {failed ? (
            <>
              <p className="empty-title">This note could not be opened</p>
              <p className="empty-hint">{failed.message}</p>
            </>
          ) : activeId ? null : (
            <p className="empty-title">No note selected</p>
          )}
        </div>
      )}
    </main>
  );
}
