// New Note before the host has made it (editor-session.ts's beginDraft): the
// draft's text and title, and its copy in the page's storage, kept a moment
// after the typing stops so that a crash, a reload or a closed window does
// not lose it (kept-text-offer.ts offers it back).
import type { EditorState } from '@codemirror/state';
import { KEPT_DRAFT_ID, keptText } from './kept-text';

/** A new note shown before the database has made it: what is typed into it waits here for its id. */
export interface Draft {
  state: EditorState;
  title: string;
}

/** Whether a draft holds anything typed: it cannot be saved before its note exists. */
export function hasText(draft: Draft | null): boolean {
  return draft !== null && (draft.title.trim() !== '' || draft.state.doc.length > 0);
}

export class DraftKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly delayMs: number) {}

  /** Kept now (a draft with nothing typed is not). */
  keep(draft: Draft | null): void {
    this.cancel();
    if (hasText(draft)) keptText.keep(KEPT_DRAFT_ID, draft!.title, draft!.state.doc.toString());
  }

  /** Kept once the typing has stopped for a moment; `draft` is read then. */
  keepSoon(draft: () => Draft | null): void {
    this.cancel();
    this.timer = setTimeout(() => this.keep(draft()), this.delayMs);
  }

  /** The draft became a note: nothing of it is kept any longer. */
  drop(): void {
    this.cancel();
    keptText.drop(KEPT_DRAFT_ID);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
