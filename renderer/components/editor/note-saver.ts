// Autosave for open notes, independent of React and CodeMirror so it can be
// tested alone. Edits collect per note and go out shortly after typing
// stops, one request at a time per note, with only the fields that changed.
// Values may be functions, read when the save is sent: the editor hands over
// "the body as it will be then" instead of copying 100 KB per keystroke.
// A failed save keeps its fields pending (nothing typed is dropped) and is
// tried again with the next edit or an explicit flush.
import type { NoteDoc } from '../../../shared/schema';
import type { NotePatch } from '../../../shared/types';

export type { NotePatch };

type Lazy<T> = T | (() => T);
export type PatchSource = { [K in keyof NotePatch]?: Lazy<NotePatch[K]> };

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';
export interface SaveStatus {
  state: SaveState;
  /** Why the last save failed, in the main process's (or our own) plain words. */
  message?: string;
}

export interface NoteSaverOptions {
  send(id: string, patch: NotePatch): Promise<NoteDoc>;
  /** Refuses a patch before sending it (returns the message to show), or null to send. */
  check?(id: string, patch: NotePatch): string | null;
  delayMs: number;
  onSaved?(id: string, doc: NoteDoc, sent: NotePatch): void;
  onStatus?(id: string, status: SaveStatus): void;
  schedule?(run: () => void, ms: number): unknown;
  cancel?(handle: unknown): void;
}

interface Entry {
  pending: PatchSource;
  inFlight: Promise<void> | null;
  sentFields: (keyof NotePatch)[];
  timer: unknown;
  status: SaveStatus;
}

const SAVED: SaveStatus = { state: 'saved' };

function resolve(source: PatchSource): NotePatch {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) out[key] = typeof value === 'function' ? (value as () => unknown)() : value;
  return out as NotePatch;
}

export class NoteSaver {
  private readonly entries = new Map<string, Entry>();
  private readonly schedule: (run: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;

  constructor(private readonly options: NoteSaverOptions) {
    this.schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));
    this.cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  status(id: string): SaveStatus {
    return this.entries.get(id)?.status ?? SAVED;
  }

  /** Whether this note (or any note) has edits that have not reached the database. */
  hasUnsaved(id?: string): boolean {
    if (id !== undefined) return this.unsaved(this.entries.get(id));
    return [...this.entries.values()].some((entry) => this.unsaved(entry));
  }

  /** Whether a field of this note has an edit not yet confirmed saved (pending or on its way). */
  isFieldUnsaved(id: string, field: keyof NotePatch): boolean {
    const entry = this.entries.get(id);
    return !!entry && (field in entry.pending || (entry.inFlight !== null && entry.sentFields.includes(field)));
  }

  /** Records an edit; it is saved once no further edit comes for `delayMs`. */
  edit(id: string, patch: PatchSource): void {
    const entry = this.entry(id);
    Object.assign(entry.pending, patch);
    if (entry.timer !== null) this.cancel(entry.timer);
    entry.timer = this.schedule(() => {
      entry.timer = null;
      void this.flush(id);
    }, this.options.delayMs);
    // A failure stays on screen until a save succeeds, so the message does not flicker away while typing.
    if (entry.status.state === 'saved') this.setStatus(id, entry, { state: 'pending' });
  }

  /** Sends this note's pending edits now; resolves when they are saved or have failed. */
  async flush(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.timer !== null) {
      this.cancel(entry.timer);
      entry.timer = null;
    }
    // One request per note at a time: edits made meanwhile follow in the next one.
    while (entry.inFlight) await entry.inFlight;
    if (Object.keys(entry.pending).length === 0) return;
    const source = entry.pending;
    const patch = resolve(source);
    const refusal = this.options.check?.(id, patch) ?? null;
    if (refusal !== null) {
      this.setStatus(id, entry, { state: 'error', message: refusal });
      return;
    }
    entry.pending = {};
    entry.sentFields = Object.keys(patch) as (keyof NotePatch)[];
    this.setStatus(id, entry, { state: 'saving' });
    entry.inFlight = (async () => {
      try {
        const doc = await this.options.send(id, patch);
        entry.inFlight = null;
        entry.sentFields = [];
        this.options.onSaved?.(id, doc, patch);
        this.setStatus(id, entry, { state: Object.keys(entry.pending).length > 0 ? 'pending' : 'saved' });
      } catch (error) {
        entry.inFlight = null;
        entry.sentFields = [];
        // Newer edits win over the ones that failed; the failed ones wait for the next try.
        entry.pending = { ...source, ...entry.pending };
        this.setStatus(id, entry, { state: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    await entry.inFlight;
  }

  /** Flushes every note with pending edits (before the page goes away, after a reconnect). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.flush(id)));
  }

  /**
   * Saves a change made with a control (notebook, tags, status, pin) right away.
   * Unlike typed text it is not kept for a retry: the control shows the stored
   * value again and the message says why the change did not stick.
   */
  async saveNow(id: string, patch: NotePatch): Promise<NoteDoc | null> {
    const entry = this.entry(id);
    this.setStatus(id, entry, { state: 'saving' });
    try {
      const doc = await this.options.send(id, patch);
      this.options.onSaved?.(id, doc, patch);
      if (!entry.inFlight) this.setStatus(id, entry, this.unsaved(entry) ? { state: 'pending' } : SAVED);
      return doc;
    } catch (error) {
      this.setStatus(id, entry, { state: 'error', message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  /** Forgets a note that no longer exists (its pending edits cannot be saved anywhere). */
  forget(id: string): void {
    const entry = this.entries.get(id);
    if (entry?.timer != null) this.cancel(entry.timer);
    this.entries.delete(id);
  }

  private unsaved(entry: Entry | undefined): boolean {
    return !!entry && (entry.inFlight !== null || Object.keys(entry.pending).length > 0);
  }

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { pending: {}, inFlight: null, sentFields: [], timer: null, status: SAVED };
      this.entries.set(id, entry);
    }
    return entry;
  }

  private setStatus(id: string, entry: Entry, status: SaveStatus) {
    if (entry.status.state === status.state && entry.status.message === status.message) return;
    entry.status = status;
    this.options.onStatus?.(id, status);
  }
}
