// The one editor of the window. A single CodeMirror view lives for the
// window's lifetime; each note has its own EditorState (text, selection,
// undo history), cached, and opening a note swaps the state in. That keeps
// opening a note to one request (or none, when cached) and one redraw.
//
// Saving goes through NoteSaver: typing is saved shortly after it stops,
// the note being left is saved at once, and everything pending is sent when
// the page is hidden or the connection comes back. Changes from elsewhere
// (another window, an import) replace the text only when nothing typed here
// is still unsaved; otherwise the local text wins and is saved over them.
//
// Beside it: note-text.ts (what an edit may be, the smallest change between
// two texts), editor-draft.ts (New Note's draft and its kept copy),
// page-guard.ts (leaving the page with edits unsaved). What stays here all
// reads or changes the one view and the cached states together, which is
// why this class is longer than most.
import { EditorState, type Extension, type StateEffect } from '@codemirror/state';
import { EditorView, type ViewUpdate } from '@codemirror/view';
import { client } from '../../client/index';
import type { NoteDoc } from '../../../shared/schema';
import { useNotes } from '../../state/notes';
import { notifyError } from '../../state/notifications';
import { attachmentHandlers } from './attachments';
import { editorExtensions, remoteChange } from './codemirror';
import { DraftKeeper, hasText, type Draft } from './editor-draft';
import { DRAFT_NOTE_ID, useEditor } from './editor-store';
import { keptText } from './kept-text';
import { fitLanguage } from './markdown-language';
import { NoteSaver, type NotePatch } from './note-saver';
import { checkPatch, diffChange } from './note-text';
import { guardPage } from './page-guard';
import { plainError } from './plain-error';

const SAVE_DELAY_MS = 500;
const CACHE_LIMIT = 40;

interface Cached {
  state: EditorState;
  title: string;
  /** The note as the database last told us. */
  known: { updatedAt: number; title: string; body: string };
  scroll?: StateEffect<unknown>;
}

/** A position in a note that follows the edits made after it was taken (for images still uploading). */
export interface TrackedPos {
  noteId: string;
  pos: number;
}

type BodyListener = (noteId: string) => void;

class EditorSession {
  private view: EditorView | null = null;
  private shadowHost: HTMLElement | null = null;
  private parent: HTMLElement | null = null;
  private watching = false;
  private readonly cache = new Map<string, Cached>();
  private readonly tracked = new Set<TrackedPos>();
  private readonly bodyListeners = new Set<BodyListener>();
  private displayedId: string | null = null;
  private requestedId: string | null = null;
  private draft: Draft | null = null;
  private readonly draftKeeper = new DraftKeeper(SAVE_DELAY_MS);
  private openToken = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set once the user agreed, in Quire's own dialog, to leave with a note not saved. */
  private leaving = false;
  private readonly extensions: Extension[] = editorExtensions({
    onUpdate: (update) => this.onUpdate(update),
    domEvents: attachmentHandlers({
      track: (pos) => this.track(pos),
      insertAt: (handle, text) => this.insertAt(handle, text),
      release: (handle) => this.release(handle),
      alert: (message) => useEditor.getState().setAlert(message),
    }),
  });

  readonly saver = new NoteSaver({
    delayMs: SAVE_DELAY_MS,
    send: (id, patch) => client.invoke('notes.update', { id, patch }),
    check: (id, patch) => checkPatch(id, patch, () => this.cache.get(id)?.title ?? ''),
    onSaved: (id, doc) => this.reconcile(id, doc),
    onStatus: (id, status) => {
      const shown = { ...status, message: status.message && plainError(status.message) };
      if (status.state === 'saved' && id in useEditor.getState().notSaved) keptText.drop(id);
      useEditor.getState().trackSave(id, shown);
      if (id === this.displayedId) useEditor.setState({ status: shown });
      else if (status.state === 'error') {
        notifyError(`“${this.cache.get(id)?.title || 'Untitled'}” was not saved`, shown.message);
      }
    },
  });

  /**
   * Gives the editor its place in `parent` and starts following the open
   * note. CodeMirror itself is made by ensureView(), when a note is first
   * shown or the window is first idle: made in the window's first render, it
   * held back the window's first requests to the host (0.2-0.5 s at 200,000
   * notes on two cores).
   */
  attach(parent: HTMLElement): void {
    this.parent = parent;
    if (!this.watching) {
      this.watching = true;
      this.watchStore();
      guardPage({
        flush: () => {
          this.draftKeeper.keep(this.draft);
          void this.saver.flushAll();
        },
        unsaved: () => this.saver.hasUnsaved() || hasText(this.draft),
        leaving: () => this.leaving,
      });
    }
    if (this.view) this.place();
  }

  /**
   * The editor, made now if it is not yet (null before attach). It lives in
   * a shadow root: there CodeMirror's style modules become adopted
   * stylesheets, which the page's CSP (style-src 'self') allows, where in
   * the document they would be an inline <style> element the CSP refuses.
   */
  ensureView(): EditorView | null {
    if (!this.parent) return null;
    if (!this.view) {
      this.shadowHost = document.createElement('div');
      this.shadowHost.className = 'editor-shadow-host';
      const root = this.shadowHost.attachShadow({ mode: 'open' });
      const shown = this.displayedId ? this.cache.get(this.displayedId) : undefined;
      this.view = new EditorView({ state: shown?.state ?? this.emptyState(), root, parent: root });
    }
    this.place();
    return this.view;
  }

  private place(): void {
    if (this.parent && this.shadowHost!.parentElement !== this.parent) this.parent.appendChild(this.shadowHost!);
  }

  get editorView(): EditorView | null {
    return this.view;
  }

  get currentId(): string | null {
    return this.displayedId;
  }

  /** The displayed note's text. */
  body(id = this.displayedId ?? (this.draftShown() ? DRAFT_NOTE_ID : null)): string {
    if (id === null) return '';
    if (id === DRAFT_NOTE_ID) return this.draft?.state.doc.toString() ?? '';
    if (id === this.displayedId && this.view) return this.view.state.doc.toString();
    return this.cache.get(id)?.state.doc.toString() ?? '';
  }

  /** The displayed note's length in characters, without copying its text. */
  bodyLength(): number {
    return this.view?.state.doc.length ?? 0;
  }

  onBodyChange(listener: BodyListener): () => void {
    this.bodyListeners.add(listener);
    return () => this.bodyListeners.delete(listener);
  }

  /** A note just made here (a duplicate): shown without asking the database again. */
  prime(doc: NoteDoc): void {
    if (!this.cache.has(doc._id)) this.cache.set(doc._id, this.entryFor(doc));
  }

  /**
   * New Note, before the host has made it: an empty note is shown at once
   * and what is typed into its title and text is kept here, so nothing typed
   * right after Cmd/Ctrl+N lands in the note that was open before (at
   * 200,000 notes a busy host took a few hundred milliseconds to answer, and
   * a title typed meanwhile renamed the previous note). adoptDraft() gives it
   * the made note. A draft kept after a failed create is shown again as is.
   */
  beginDraft(bookId = ''): void {
    const view = this.ensureView();
    if (this.displayedId) {
      void this.saver.flush(this.displayedId);
      const leaving = this.cache.get(this.displayedId);
      if (leaving && view) leaving.scroll = view.scrollSnapshot();
    }
    this.draft ??= { state: this.emptyState(), title: '' };
    this.displayedId = null;
    // The list's choice has not changed yet: choosing that note again must show it.
    this.requestedId = null;
    // A note still being read to be shown (the window's first note, opened just before) is not shown over the draft.
    this.openToken += 1;
    view?.setState(this.draft.state);
    useEditor.setState({
      noteId: null, draft: true, draftBookId: bookId, title: this.draft.title, openError: null, alert: null,
      status: { state: 'pending' }, focusTitleOf: DRAFT_NOTE_ID,
    });
    // The preview shows the draft, not the note that was open.
    for (const listener of this.bodyListeners) listener(DRAFT_NOTE_ID);
  }

  /**
   * A click in the list while a draft is shown: the note the list has chosen
   * is shown, even the one still chosen from before the draft (its choice did
   * not change, so nothing else would show it). Only for a click: the list
   * also chooses its open note again when its rows change, which must not
   * take the draft away (it did, and a title typed into the draft went into
   * the previous note's title).
   */
  showListChoice(): void {
    if (this.draftShown()) void this.open(useNotes.getState().activeId);
  }

  /** Whether the editor shows a draft (New Note before the host has made it). */
  draftShown(): boolean {
    return this.draft !== null && this.displayedId === null && useEditor.getState().draft;
  }

  /**
   * The note made for the draft: it becomes this note, with what was typed
   * into the draft saved as its first edit, and is shown if the draft still
   * is (another note may have been chosen meanwhile).
   */
  adoptDraft(doc: NoteDoc): boolean {
    const draft = this.draft;
    const shown = this.draftShown();
    this.draft = null;
    this.draftKeeper.drop();
    for (const handle of this.tracked) if (handle.noteId === DRAFT_NOTE_ID) handle.noteId = doc._id;
    const entry = this.entryFor(doc);
    this.cache.set(doc._id, entry);
    if (!draft) return false;
    entry.state = draft.state;
    entry.title = draft.title;
    if (draft.title !== doc.title || draft.state.doc.length > 0) {
      this.saver.edit(doc._id, { title: () => entry.title, body: () => this.body(doc._id) });
    }
    if (!shown) return false;
    this.requestedId = doc._id;
    this.display(doc._id);
    return true;
  }

  /** The note could not be made: the draft stays on screen, with why, and the next New Note tries again with it. */
  draftFailed(message: string): void {
    if (this.draftShown()) useEditor.setState({ status: { state: 'error', message } });
    this.draftKeeper.keep(this.draft);
  }

  async open(id: string | null): Promise<void> {
    if (id === this.requestedId) return;
    this.requestedId = id;
    const token = ++this.openToken;
    // The note being left is saved now, not after the pause: switching must not lose a keystroke.
    if (this.displayedId && this.displayedId !== id) void this.saver.flush(this.displayedId);
    if (id === null) {
      this.display(null);
      return;
    }
    const cached = this.cache.get(id);
    const summary = useNotes.getState().byId.get(id);
    if (cached && (!summary || summary.updatedAt <= cached.known.updatedAt || this.saver.hasUnsaved(id))) {
      this.display(id);
      if (summary && summary.updatedAt > cached.known.updatedAt) this.scheduleRefresh(0);
      return;
    }
    let doc: NoteDoc | null;
    try {
      doc = await client.invoke('notes.get', { id });
    } catch (error) {
      this.openFailed(token, id, plainError(error));
      return;
    }
    if (!doc) {
      this.openFailed(token, id, 'This note no longer exists.');
      return;
    }
    if (this.cache.has(id)) this.reconcile(id, doc);
    else this.cache.set(id, this.entryFor(doc));
    if (token === this.openToken) this.display(id);
  }

  private openFailed(token: number, id: string, message: string) {
    if (token !== this.openToken) return;
    useEditor.setState({ openError: { id, message } });
  }

  setTitle(title: string): void {
    if (this.draft && this.draftShown()) {
      this.draft.title = title;
      useEditor.setState({ title });
      this.draftKeeper.keepSoon(() => this.draft);
      return;
    }
    const id = this.displayedId;
    const entry = id ? this.cache.get(id) : undefined;
    if (!id || !entry) return;
    entry.title = title;
    useEditor.setState({ title });
    this.saver.edit(id, { title: () => entry.title });
  }

  /** Notebook, tags, status, pin: saved at once. */
  saveMeta(patch: NotePatch): Promise<NoteDoc | null> {
    const id = this.displayedId;
    return id ? this.saver.saveNow(id, patch) : Promise.resolve(null);
  }

  /** The next unload goes ahead without the page asking again. */
  allowLeaving(): void {
    this.leaving = true;
  }

  /** Puts text kept from an earlier page (see kept-text.ts) back into a note, as an edit that is saved as usual. */
  async putBack(id: string, body: string): Promise<boolean> {
    if (this.displayedId !== id) {
      const shown = new Promise<void>((resolve) => {
        const off = this.onBodyChange((displayed) => {
          if (displayed === id) {
            off();
            resolve();
          }
        });
        const offError = useEditor.subscribe((s) => {
          if (s.openError?.id === id) {
            offError();
            off();
            resolve();
          }
        });
      });
      useNotes.getState().open(id);
      await shown;
    }
    if (this.displayedId !== id || !this.view) return false;
    this.replaceBody(id, body, true);
    return true;
  }

  /** Replaces the displayed note's whole text through an edit (so it is undoable and saved), e.g. a ticked task. */
  replaceBody(id: string, body: string, saveNow = false): void {
    if (id !== this.displayedId || !this.view) return;
    this.view.dispatch({ changes: diffChange(this.view.state.doc.toString(), body) });
    if (saveNow) void this.saver.flush(id);
  }

  track(pos: number): TrackedPos | null {
    // An image put into a draft: its link goes into the draft, and with it into the note made for it.
    const noteId = this.displayedId ?? (this.draft ? DRAFT_NOTE_ID : null);
    if (noteId === null) return null;
    const handle = { noteId, pos };
    this.tracked.add(handle);
    return handle;
  }

  /** Inserts text at a tracked position, in whichever note it belongs to, and saves it. */
  insertAt(handle: TrackedPos, text: string): void {
    this.tracked.delete(handle);
    const { noteId, pos } = handle;
    if (noteId === DRAFT_NOTE_ID) {
      const draft = this.draft;
      if (!draft) return;
      const spec = { changes: { from: Math.min(pos, draft.state.doc.length), insert: text } };
      if (this.displayedId === null && this.view?.state === draft.state) this.view.dispatch({ ...spec, selection: { anchor: pos + text.length } });
      else draft.state = draft.state.update(spec).state;
      return;
    }
    if (noteId === this.displayedId && this.view) {
      this.view.dispatch({ changes: { from: pos, insert: text }, selection: { anchor: pos + text.length }, scrollIntoView: true });
      return;
    }
    const entry = this.cache.get(noteId);
    if (!entry) return;
    entry.state = entry.state.update({ changes: { from: Math.min(pos, entry.state.doc.length), insert: text } }).state;
    this.saver.edit(noteId, { body: () => this.body(noteId) });
  }

  release(handle: TrackedPos): void {
    this.tracked.delete(handle);
  }

  focusBody(): void {
    this.view?.focus();
  }

  async flushAll(): Promise<void> {
    await this.saver.flushAll();
  }

  /**
   * Reads the note again and shows what is stored, even if it is dated before
   * what the editor had: after a restore where the backup's revision won the
   * note, or a choice between conflicting versions. Not while typing is unsaved.
   */
  reload(id: string): void {
    if (this.saver.hasUnsaved(id)) return;
    client.invoke('notes.get', { id }).then(
      (doc) => doc && this.reconcile(id, doc, true),
      () => undefined, // the next change reads it again
    );
  }

  private emptyState(): EditorState {
    return EditorState.create({ doc: '', extensions: this.extensions });
  }

  private entryFor(doc: NoteDoc): Cached {
    const state = fitLanguage(EditorState.create({ doc: doc.body, extensions: this.extensions }));
    return { state, title: doc.title, known: { updatedAt: doc.updatedAt, title: doc.title, body: doc.body } };
  }

  private display(id: string | null): void {
    const view = id ? this.ensureView() : this.view;
    if (this.displayedId && view) {
      const leaving = this.cache.get(this.displayedId);
      if (leaving) leaving.scroll = view.scrollSnapshot();
    }
    this.displayedId = id;
    const entry = id ? this.cache.get(id) : undefined;
    if (view) {
      // Already shown (a draft that became this note): setState would redraw it and reset the cursor's view.
      if (!entry || view.state !== entry.state) view.setState(entry?.state ?? this.emptyState());
      if (entry?.scroll) view.dispatch({ effects: entry.scroll });
    }
    if (id && entry) {
      // Most recently shown last, so the oldest is evicted first (never one with unsaved edits).
      this.cache.delete(id);
      this.cache.set(id, entry);
      this.evict();
    }
    useEditor.setState({
      noteId: id,
      draft: false,
      title: entry?.title ?? '',
      openError: null,
      alert: null,
      status: id ? { ...this.saver.status(id) } : { state: 'saved' },
    });
    if (id) {
      // The benchmark's "editor ready": the view now holds this note's text.
      document.body.dataset.openedNote = id;
      performance.mark('quire:note-opened', { detail: id });
    }
    for (const listener of this.bodyListeners) listener(id ?? '');
  }

  private evict() {
    for (const id of this.cache.keys()) {
      if (this.cache.size <= CACHE_LIMIT) return;
      if (id !== this.displayedId && !this.saver.hasUnsaved(id)) this.cache.delete(id);
    }
  }

  private onUpdate(update: ViewUpdate) {
    if (this.draft && this.displayedId === null && update.startState === this.draft.state && update.state === this.view?.state) {
      this.draft.state = update.state;
      if (update.docChanged) {
        this.followEdit(DRAFT_NOTE_ID, update);
        this.draftKeeper.keepSoon(() => this.draft);
      }
      return;
    }
    const id = this.displayedId;
    const entry = id ? this.cache.get(id) : undefined;
    if (!id || !entry || update.state !== this.view?.state) return;
    entry.state = update.state;
    if (!update.docChanged) return;
    if (!update.transactions.some((tr) => tr.annotation(remoteChange))) {
      this.saver.edit(id, { body: () => this.body(id) });
    }
    this.followEdit(id, update);
  }

  /** After an edit of the note (or the draft) shown: positions still to be filled move with the text, and the preview is told. */
  private followEdit(noteId: string, update: ViewUpdate) {
    for (const handle of this.tracked) if (handle.noteId === noteId) handle.pos = update.changes.mapPos(handle.pos, 1);
    for (const listener of this.bodyListeners) listener(noteId);
  }

  /** Takes in the database's version of a note: fields with no unsaved local edit follow it. */
  private reconcile(id: string, doc: NoteDoc, evenIfOlder = false) {
    const entry = this.cache.get(id);
    if (!entry || (!evenIfOlder && doc.updatedAt < entry.known.updatedAt)) return;
    entry.known = { updatedAt: doc.updatedAt, title: doc.title, body: doc.body };
    if (!this.saver.isFieldUnsaved(id, 'title') && entry.title !== doc.title) {
      entry.title = doc.title;
      if (id === this.displayedId) useEditor.setState({ title: doc.title });
    }
    if (this.saver.isFieldUnsaved(id, 'body')) return;
    const current = this.body(id);
    if (current === doc.body) return;
    const spec = { changes: diffChange(current, doc.body), annotations: remoteChange.of(true) };
    if (id === this.displayedId && this.view) this.view.dispatch(spec);
    else entry.state = entry.state.update(spec).state;
  }

  private scheduleRefresh(delay = 150) {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      const id = this.displayedId;
      if (!id || this.saver.hasUnsaved(id)) return;
      client.invoke('notes.get', { id }).then(
        (doc) => doc && this.reconcile(id, doc),
        () => undefined, // the next change tries again
      );
    }, delay);
  }

  /** Follows the list's choice and notices when the open note changes elsewhere. */
  private watchStore() {
    const state = useNotes.getState();
    void this.open(state.activeId);
    useNotes.subscribe((next, prev) => {
      if (next.activeId !== prev.activeId) void this.open(next.activeId);
      if (next.version === prev.version) return;
      const id = this.displayedId;
      const entry = id ? this.cache.get(id) : undefined;
      const summary = id ? next.byId.get(id) : undefined;
      if (entry && summary && summary.updatedAt > entry.known.updatedAt && !this.saver.hasUnsaved(id!)) this.scheduleRefresh();
      for (const cachedId of this.cache.keys()) {
        if (next.loaded && !next.byId.has(cachedId) && cachedId !== this.requestedId) {
          this.cache.delete(cachedId);
          this.saver.forget(cachedId);
          useEditor.getState().trackSave(cachedId, { state: 'saved' });
        }
      }
    });
  }

}

export const editorSession = new EditorSession();
