// Which notes link to which (`quire://note:` and `inkdrop://note:` links in
// bodies), kept in memory so the Backlinks section under the preview is one
// map lookup. Built on the first question by reading every note once, a
// page at a time; kept current from the app's changes feed (apply), also
// while it is being built: a note changed during the build keeps what the
// feed said.
import type { Database } from '../db/open-database';
import { docChangesSince } from '../db/doc-changes';
import { linkedNoteIds } from '../../shared/note-links';

interface ChangeLike {
  id: string;
  deleted?: boolean;
  doc?: unknown;
}

export class BacklinkIndex {
  /** Source note → the notes it links to. */
  private readonly outgoing = new Map<string, readonly string[]>();
  /** Target note → the notes linking to it. */
  private readonly incoming = new Map<string, Set<string>>();
  private loading: Promise<void> | null = null;
  /** Notes the feed reported while the build runs: the feed is newer than the build's read. */
  private touched: Set<string> | null = null;

  constructor(private readonly db: Database) {}

  apply(change: ChangeLike): void {
    if (!change.id.startsWith('note:')) return;
    this.touched?.add(change.id);
    const body = change.deleted ? '' : (change.doc as { body?: unknown } | undefined)?.body;
    this.set(change.id, typeof body === 'string' ? linkedNoteIds(body) : []);
  }

  /** The ids of the notes whose bodies link to `id` (trash included; callers decide what to show). */
  async backlinks(id: string): Promise<string[]> {
    await this.load();
    return [...(this.incoming.get(id) ?? [])];
  }

  load(): Promise<void> {
    this.loading ??= this.build();
    // A failed build is tried again on the next question.
    this.loading.catch(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async build(): Promise<void> {
    this.touched = new Set();
    try {
      for await (const page of docChangesSince(this.db, 0)) {
        for (const change of page.results) {
          if (!change.id.startsWith('note:') || change.deleted || this.touched.has(change.id)) continue;
          const body = change.doc?.body;
          this.set(change.id, typeof body === 'string' ? linkedNoteIds(body) : []);
        }
      }
    } finally {
      this.touched = null;
    }
  }

  private set(source: string, targets: readonly string[]): void {
    const before = this.outgoing.get(source);
    if (!before?.length && !targets.length) return;
    for (const target of before ?? []) {
      const sources = this.incoming.get(target);
      sources?.delete(source);
      if (sources?.size === 0) this.incoming.delete(target);
    }
    if (targets.length) this.outgoing.set(source, targets);
    else this.outgoing.delete(source);
    for (const target of targets) {
      if (target === source) continue;
      let sources = this.incoming.get(target);
      if (!sources) this.incoming.set(target, (sources = new Set()));
      sources.add(source);
    }
  }
}
