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
import { isInHistory } from '../db/revisions';
import { loadAttachments, expectedBytes, type LoadedAttachment } from './attachments';
import { ownCheckpointSeq } from './checkpoint';
import { forEachLimited } from '../util/concurrency';
import { SkipError } from '../backup-format/errors';
import { BATCH_BYTES, READ_CONCURRENCY } from './limits';
import { hasRevision, readLocalDocs, type LocalDoc } from './local-docs';
import type { ParsedDoc } from './parse-doc';
import type { SkipList } from './skip-list';
import type { RestoreCounts } from './types';
import path from 'node:path';

export interface Pending {
  /** The document's file, relative to the folder (with `/`). */
  rel: string;
  doc: ParsedDoc;
}

type Outcome = keyof RestoreCounts;
type BulkEntry = Record<string, unknown> & { _id: string };
interface ToWrite extends Pending {
  outcome: Outcome;
  /** Not looked up: taken to be new because the database did not have the id when the restore began. */
  assumed: boolean;
  /** The database did not have this id: the restore brings a new document. */
  fresh: boolean;
}

/** Below this many writes ever, the database's ids are listed once instead of being looked up batch by batch. */
const SMALL_DATABASE_SEQ = 20_000;

export class Merger {
  /** How each document of the current batch was counted, so that writing its conflicting revisions can count it as a conflict instead. */
  private readonly counted = new Map<ParsedDoc, Outcome>();
  private checkpoint: Promise<number | null> | null = null;
  /** Every id the database held when the restore began (live or deleted), when it was small enough to list; else null. */
  private known: Promise<Set<string> | null> | null = null;

  constructor(
    private readonly db: Database,
    private readonly root: string,
    /** Whether the folder is in Quire's layout (only then can it hold this database's checkpoint). */
    private readonly quire: boolean,
    /** Whether each id can be in one file only (Quire's layout or Inkdrop's flat one, not both): file names follow from ids. */
    private readonly uniqueIds: boolean,
    private readonly skips: SkipList,
    private readonly counts: RestoreCounts,
    /** Told the id of each document this restore wrote (restored, or added as a conflict), and whether it is new here. */
    private readonly onWritten?: (id: string, fresh: boolean) => void,
  ) {}

  /**
   * Restoring into a new or small database (the usual case: a new computer),
   * most ids are not there. Their lookups are skipped: the ids are listed
   * once, and only those already there are looked up per batch. That needs
   * each id to be in one file of the folder only, so nothing written earlier
   * by this restore can be met again; the sequence check in write() is the
   * safety net should the folder change while it is read.
   */
  private knownIds(): Promise<Set<string> | null> {
    this.known ??= (async () => {
      if (!this.uniqueIds) return null;
      const info = await this.db.info();
      if (Number(info.update_seq) > SMALL_DATABASE_SEQ) return null;
      const changes = await this.db.changes({ since: 0, style: 'main_only' });
      return new Set(changes.results.map((c) => c.id));
    })();
    return this.known;
  }

  async merge(batch: Pending[]): Promise<void> {
    // An id twice in one batch (Inkdrop's two layouts side by side): the second waits for the first,
    // so it is measured against what the first wrote.
    const seen = new Set<string>();
    const repeats: Pending[] = [];
    batch = batch.filter((p) => (seen.has(p.doc.id) ? (repeats.push(p), false) : (seen.add(p.doc.id), true)));
    await this.mergeDistinct(batch);
    if (repeats.length > 0) await this.merge(repeats);
  }

  private async mergeDistinct(batch: Pending[]): Promise<void> {
    const ids = batch.map((p) => p.doc.id);
    const known = await this.knownIds();
    const local = await readLocalDocs(this.db, known ? ids.filter((id) => known.has(id)) : ids);
    const toWrite: ToWrite[] = [];
    const deletedHere: Pending[] = [];
    for (const pending of batch) {
      const { id, rev, history } = pending.doc;
      const here = local.get(id);
      if (!here) toWrite.push({ ...pending, outcome: 'restored', assumed: known !== null, fresh: true });
      else if (hasRevision(here, rev)) {
        // Already here: as it is, under a newer edit, or under a deletion.
        if (here.winner.deleted && isInHistory(rev, here.winner.history)) deletedHere.push(pending);
        else this.count(pending, 'upToDate');
      } else {
        // Newer than ours (we are its ancestor), or concurrent: then CouchDB picks a winner and the other is a conflict.
        // A concurrent edit of something deleted here wins over the deletion, as in a replication.
        const ancestor = here.winner.deleted || isInHistory(here.winner.rev, history);
        toWrite.push({ ...pending, outcome: ancestor ? 'restored' : 'conflicts', assumed: false, fresh: false });
      }
    }
    // Attachments are read only for what is written, in slices that keep their bytes bounded.
    for (let start = 0; start < toWrite.length; ) {
      let end = start;
      let bytes = 0;
      while (end < toWrite.length && (end === start || bytes + expectedBytes(toWrite[end]!.doc.attachments) <= BATCH_BYTES)) {
        bytes += expectedBytes(toWrite[end]!.doc.attachments);
        end++;
      }
      await this.write(toWrite.slice(start, end));
      start = end;
    }
    if (deletedHere.length > 0) await this.undelete(deletedHere, local);
    // Conflicting revisions the files hold: added beside their winners (not for documents deleted here,
    // which a live branch would bring back).
    const branched = batch.filter((p) => p.doc.conflicts.length > 0 && !deletedHere.includes(p));
    if (branched.length > 0) await this.writeConflicts(branched);
    this.counted.clear();
  }

  private count(pending: Pending, outcome: Outcome): void {
    this.counts[outcome]++;
    if (outcome !== 'upToDate') this.onWritten?.(pending.doc.id, 'fresh' in pending && pending.fresh === true);
    this.counted.set(pending.doc, outcome); // by the parsed document: the pending item is copied on its way
  }

  /**
   * The other leaves a document file holds (docs/backup-format.md), written
   * like a replication writes them: each with its history, new_edits:false,
   * so a revision the database already has changes nothing. A document that
   * gains a live conflicting revision this way is counted as a conflict.
   */
  private async writeConflicts(items: Pending[]): Promise<void> {
    const local = await readLocalDocs(this.db, items.map((p) => p.doc.id));
    for (const pending of items) {
      const here = local.get(pending.doc.id);
      if (!here) continue; // the winner was not written (skipped): its branches wait for it
      const missing = pending.doc.conflicts.filter((c) => !hasRevision(here, c.rev));
      if (missing.length === 0) continue;
      const dir = path.join(this.root, path.posix.dirname(pending.rel));
      const entries: BulkEntry[] = [];
      try {
        for (const revision of missing) {
          const entry: BulkEntry = { ...revision.fields, _id: pending.doc.id, _revisions: revision.history };
          if (revision.deleted) entry._deleted = true;
          else if (revision.attachments.length > 0) entry._attachments = await loadAttachments(revision.attachments, this.root, dir);
          entries.push(entry);
        }
      } catch (error) {
        if (!(error instanceof SkipError)) throw error;
        this.skips.add(pending.rel, `its conflicting revisions were not restored: ${error.reason}`);
        continue;
      }
      const refused = (await this.bulk(entries, { new_edits: false })).find((r) => r !== undefined);
      if (refused !== undefined) this.skips.add(pending.rel, `its conflicting revisions were not all restored: ${refused}`);
      const before = this.counted.get(pending.doc);
      if (missing.some((c) => !c.deleted) && before !== undefined && before !== 'conflicts') {
        this.counts[before]--;
        this.count(pending, 'conflicts');
      }
    }
  }

  /** The documents' entries with their attachment bytes; a document whose attachments are not whole is skipped. */
  private async entries<T extends Pending>(items: T[], build: (p: T, attachments: Record<string, LoadedAttachment>) => BulkEntry): Promise<{ pending: T; entry: BulkEntry }[]> {
    const out: ({ pending: T; entry: BulkEntry } | null)[] = new Array(items.length).fill(null);
    const indexed = items.map((pending, i) => ({ pending, i }));
    const withAttachments = indexed.filter(({ pending }) => pending.doc.attachments.length > 0);
    for (const { pending, i } of indexed) if (pending.doc.attachments.length === 0) out[i] = { pending, entry: build(pending, {}) };
    await forEachLimited(withAttachments, READ_CONCURRENCY, async ({ pending, i }) => {
      try {
        out[i] = { pending, entry: build(pending, await loadAttachments(pending.doc.attachments, this.root, path.join(this.root, path.posix.dirname(pending.rel)))) };
      } catch (error) {
        if (!(error instanceof SkipError)) throw error;
        this.skips.add(pending.rel, error.reason);
      }
    });
    return out.filter((e): e is { pending: T; entry: BulkEntry } => e !== null);
  }

  private async write(items: ToWrite[]): Promise<void> {
    // The parsed fields become the entry itself: they are not used again.
    const ready = await this.entries(items, ({ doc }, attachments) => {
      const entry = doc.fields as BulkEntry;
      entry._revisions = doc.history;
      if (Object.keys(attachments).length) entry._attachments = attachments;
      return entry;
    });
    const assumed = ready.some(({ pending }) => pending.assumed);
    const seqBefore = assumed ? await this.updateSeq() : 0;
    const refused = await this.bulk(ready.map((r) => r.entry), { new_edits: false });
    const written = ready.filter((_, i) => refused[i] === undefined);
    ready.forEach(({ pending }, i) => {
      if (refused[i] !== undefined) this.skips.add(pending.rel, refused[i]);
    });
    // Each document written takes one sequence number. Fewer than expected: some documents
    // taken to be new were already here (the folder holds an id twice): those are looked at one by one.
    if (assumed && (await this.updateSeq()) - seqBefore < written.length) {
      await this.recount(written.map((w) => w.pending), seqBefore);
      return;
    }
    for (const { pending } of written) this.count(pending, pending.outcome);
  }

  private async updateSeq(): Promise<number> {
    return Number((await this.db.info()).update_seq);
  }

  /** After a write: what each document's revision did, read from the changes it made. */
  private async recount(items: ToWrite[], since: number): Promise<void> {
    const ids = [...new Set(items.map((p) => p.doc.id))];
    const changed = new Map((await this.db.changes({ since, doc_ids: ids, style: 'all_docs' })).results.map((c) => [c.id, c.changes.length]));
    const counted = new Set<string>();
    for (const pending of items) {
      const leaves = changed.get(pending.doc.id);
      const key = `${pending.doc.id}\n${pending.doc.rev}`;
      if (leaves === undefined || counted.has(key)) {
        this.count(pending, 'upToDate'); // already here, or the same revision twice in the folder
      } else if (!pending.assumed || leaves === 1) {
        this.count(pending, pending.outcome);
      } else {
        const doc = await this.db.get(pending.doc.id, { conflicts: true });
        this.count(pending, (doc._conflicts as unknown[] | undefined)?.length ? 'conflicts' : 'restored');
      }
      counted.add(key);
    }
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

  /**
   * Files whose revision the database has under a deletion. They stay deleted,
   * unless this is the database's own backup folder and its checkpoint is past
   * the deletion: the backup had moved the file to _deleted/, so the user moved
   * it back. Those come back as a new revision on top of the deletion.
   */
  private async undelete(items: Pending[], local: Map<string, LocalDoc>): Promise<void> {
    this.checkpoint ??= this.quire ? ownCheckpointSeq(this.db, this.root) : Promise.resolve(null);
    const since = await this.checkpoint;
    if (since === null) {
      this.counts.stillDeleted += items.length;
      return;
    }
    // Deletions made after the checkpoint are not in the folder yet: those files are simply older than the deletion.
    const ids = [...new Set(items.map((p) => p.doc.id))];
    const changed = new Set((await this.db.changes({ since, doc_ids: ids, style: 'main_only' })).results.map((c) => c.id));
    const movedBack = items.filter((p) => !changed.has(p.doc.id));
    this.counts.stillDeleted += items.length - movedBack.length;
    const ready = await this.entries(movedBack, ({ doc }, attachments) => {
      const entry: BulkEntry = { ...doc.fields, _id: doc.id, _rev: local.get(doc.id)!.winner.rev };
      if (Object.keys(attachments).length) entry._attachments = attachments;
      return entry;
    });
    // One at a time: two files for one id would otherwise both build on the same deletion.
    for (const { pending, entry } of ready) {
      const [reason] = await this.bulk([entry], {});
      if (reason !== undefined) this.skips.add(pending.rel, reason);
      else {
        this.counts.restored++;
        this.onWritten?.(pending.doc.id, false);
      }
    }
  }
}
