// Merges a batch of documents from the folder into the database the way a
// replication does: bulkDocs with new_edits:false and each document's history.
// A revision the database has (as its current one, or as an ancestor of a
// newer edit or of a deletion) changes nothing; a newer one fast-forwards; a
// concurrent one is added to the revision tree, CouchDB picks the winner and
// the other stays as a conflict. A document and its attachments are one
// bulkDocs entry, so no document is ever half-written.
//
// One exception to "a revision the database has changes nothing": a file in
// data/ whose document was deleted here, when the folder is this database's
// own backup and its checkpoint is past the deletion. The backup had moved
// that file to _deleted/, so it is in data/ because the user moved it back:
// the document is brought back as a new revision on top of the deletion.
import type { Database } from '../db/open-database';
import { isInHistory } from '../backup/revisions';
import { loadAttachments, expectedBytes, type LoadedAttachment } from './attachments';
import { ownCheckpointSeq } from './checkpoint';
import { forEachLimited } from './concurrency';
import { SkipError } from './errors';
import { BATCH_BYTES, READ_CONCURRENCY } from './limits';
import type { ParsedDoc } from './parse-doc';
import type { SkipList } from './skip-list';
import type { RestoreCounts } from './types';
import type { DocFile } from './walk';

export interface Pending {
  file: DocFile;
  doc: ParsedDoc;
}

interface LocalState {
  rev: string;
  deleted: boolean;
}

type Outcome = keyof RestoreCounts;

type BulkEntry = Record<string, unknown> & { _id: string };

export class Merger {
  private checkpoint: Promise<number | null> | null = null;

  constructor(
    private readonly db: Database,
    private readonly root: string,
    /** Whether the folder is in Quire's layout (only then can it hold this database's checkpoint). */
    private readonly quire: boolean,
    private readonly skips: SkipList,
    private readonly counts: RestoreCounts,
  ) {}

  async merge(batch: Pending[]): Promise<void> {
    const ids = [...new Set(batch.map((p) => p.doc.id))];
    const wanted: Record<string, string[]> = {};
    for (const { doc } of batch) (wanted[doc.id] ??= []).push(doc.rev);
    const [diff, local] = await Promise.all([this.db.revsDiff(wanted), this.localStates(ids)]);
    const toWrite: Pending[] = [];
    const undelete: Pending[] = [];
    for (const pending of batch) {
      const { id, rev } = pending.doc;
      if ((diff[id]?.missing ?? []).includes(rev)) toWrite.push(pending);
      else if (local.get(id)?.deleted) undelete.push(pending);
      else this.counts.upToDate++;
    }
    // Attachments are read only for what is written, in slices that keep their bytes bounded.
    for (let start = 0; start < toWrite.length; ) {
      let end = start;
      let bytes = 0;
      while (end < toWrite.length && (end === start || bytes + expectedBytes(toWrite[end]!.doc.attachments) <= BATCH_BYTES)) {
        bytes += expectedBytes(toWrite[end]!.doc.attachments);
        end++;
      }
      await this.write(toWrite.slice(start, end), local);
      start = end;
    }
    if (undelete.length > 0) await this.undelete(undelete, local);
  }

  private async localStates(ids: string[]): Promise<Map<string, LocalState>> {
    const rows = (await this.db.allDocs({ keys: ids })).rows as { id?: string; key: string; value?: { rev: string; deleted?: boolean }; error?: string }[];
    const states = new Map<string, LocalState>();
    for (const row of rows) if (row.value && !row.error) states.set(row.key, { rev: row.value.rev, deleted: row.value.deleted === true });
    return states;
  }

  /** The documents' entries with their attachment bytes; a document whose attachments are not whole is skipped. */
  private async entries(items: Pending[], build: (p: Pending, attachments: Record<string, LoadedAttachment>) => BulkEntry): Promise<{ pending: Pending; entry: BulkEntry }[]> {
    const out: ({ pending: Pending; entry: BulkEntry } | null)[] = new Array(items.length).fill(null);
    const indexed = items.map((pending, i) => ({ pending, i }));
    await forEachLimited(indexed, READ_CONCURRENCY, async ({ pending, i }) => {
      try {
        const attachments = pending.doc.attachments.length ? await loadAttachments(pending.doc.attachments, this.root, pending.file.dir) : {};
        out[i] = { pending, entry: build(pending, attachments) };
      } catch (error) {
        if (!(error instanceof SkipError)) throw error;
        this.skips.add(pending.file.rel, error.reason);
      }
    });
    return out.filter((e): e is { pending: Pending; entry: BulkEntry } => e !== null);
  }

  private async write(items: Pending[], local: Map<string, LocalState>): Promise<void> {
    const ready = await this.entries(items, ({ doc }, attachments) => {
      const entry: BulkEntry = { ...doc.fields, _id: doc.id, _rev: doc.rev, _revisions: doc.history };
      if (Object.keys(attachments).length) entry._attachments = attachments;
      return entry;
    });
    const refused = await this.bulk(ready.map((r) => r.entry), { new_edits: false });
    ready.forEach(({ pending }, i) => {
      const reason = refused[i];
      if (reason !== undefined) return this.skips.add(pending.file.rel, reason);
      this.counts[this.outcome(pending.doc, local.get(pending.doc.id))]++;
    });
  }

  /** What writing this revision did, from what the database had before. */
  private outcome(doc: ParsedDoc, before: LocalState | undefined): Outcome {
    // New here, a descendant of ours, or a concurrent edit of something deleted here (a live revision wins over a deletion).
    if (!before || before.deleted || isInHistory(before.rev, doc.history)) return 'restored';
    return 'conflicts';
  }

  /**
   * bulkDocs, with the reason for each refused entry (undefined where it was
   * written). PouchDB rejects a whole call for some malformed documents; then
   * each is written alone, so one bad document cannot hold back the others.
   */
  private async bulk(entries: BulkEntry[], options: { new_edits?: boolean }): Promise<(string | undefined)[]> {
    if (entries.length === 0) return [];
    const refusedById = (results: unknown[]) => {
      const reasons = new Map<string, string>();
      for (const r of results as { id?: string; error?: unknown; reason?: unknown; message?: unknown }[]) {
        if (r.error && r.id) reasons.set(r.id, `the database refused it: ${String(r.reason ?? r.message ?? r.error)}`);
      }
      return reasons;
    };
    try {
      const results = await this.db.bulkDocs(entries as never[], options);
      const reasons = refusedById(results);
      return entries.map((e) => reasons.get(e._id));
    } catch (error) {
      if (entries.length === 1) return [`the database refused it: ${String((error as Error).message ?? error)}`];
      const out: (string | undefined)[] = [];
      for (const entry of entries) out.push(...(await this.bulk([entry], options)));
      return out;
    }
  }

  private async undelete(items: Pending[], local: Map<string, LocalState>): Promise<void> {
    this.checkpoint ??= this.quire ? ownCheckpointSeq(this.db, this.root) : Promise.resolve(null);
    const since = await this.checkpoint;
    if (since === null) {
      this.counts.upToDate += items.length;
      return;
    }
    // Deletions made after the checkpoint are not in the folder yet: those files are simply older than the deletion.
    const ids = [...new Set(items.map((p) => p.doc.id))];
    const changed = new Set((await this.db.changes({ since, doc_ids: ids, style: 'main_only' })).results.map((c) => c.id));
    const movedBack: Pending[] = [];
    for (const pending of items) {
      const { id, rev } = pending.doc;
      const tombstone = local.get(id)!;
      const history = changed.has(id)
        ? undefined
        : ((await this.db.get(id, { rev: tombstone.rev, revs: true })) as unknown as { _revisions?: { start: number; ids: string[] } })._revisions;
      if (history && isInHistory(rev, history)) movedBack.push(pending);
      else this.counts.upToDate++;
    }
    const ready = await this.entries(movedBack, ({ doc }, attachments) => {
      const entry: BulkEntry = { ...doc.fields, _id: doc.id, _rev: local.get(doc.id)!.rev };
      if (Object.keys(attachments).length) entry._attachments = attachments;
      return entry;
    });
    // One at a time: two files for one id would otherwise both build on the same deletion.
    for (const { pending, entry } of ready) {
      const [reason] = await this.bulk([entry], {});
      if (reason !== undefined) this.skips.add(pending.file.rel, reason);
      else this.counts.restored++;
    }
  }
}
