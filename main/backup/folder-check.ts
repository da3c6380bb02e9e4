// One document's files in the backup folder, checked against the database
// (the folder watcher's second job; folder-watcher.ts does the watching):
//
// - a live document whose file in data/ is missing, or holds something else
//   than the database's winning revision and its conflicts, is written again
//   through the runner (a newer revision from another installation is left
//   alone);
// - a file in data/ for a document the database deleted comes back, as a new
//   revision on top of the deletion, only when it was moved back from
//   _deleted/ by a person: it holds the last revision before our deletion,
//   our deletion is already in the folder, and _deleted/ no longer holds its
//   copy (a copy still there means the file in data/ was written by someone
//   else, such as another installation whose rewrite a cloud-sync tool
//   delivered before its own move to _deleted/).
//
// The file is read as restore reads it (parseDocFile, loadAttachments): no
// link followed, no special file opened, sizes capped, the same id rule.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { isInHistory, parentRev, parseRev, shouldReplace, type RevisionHistory } from '../db/revisions';
import {
  DATA_DIR, DELETED_DIR, SkipError, attachmentFilesOf, docFileJson, docFileName, idFromLocation, locateDoc, readDocFile,
  type AttachmentEntry, type BackupType, type DocFileState,
} from '../backup-format/index';
import { loadAttachments, verifyAttachments, type LoadedAttachment } from '../restore/attachments';
import { parseDocFile } from '../restore/parse-doc';
import type { BackupRunner } from './backup-runner';

export type CheckOutcome = 'done' | 'later';

type PouchStub = { content_type: string; digest?: string; length?: number };
type DbDoc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _revisions?: RevisionHistory;
  _attachments?: Record<string, PouchStub>;
};

export interface FolderCheckerOptions {
  root: string;
  db: Database;
  runner: BackupRunner;
  /** A file left alone, and why (never fatal). */
  report: (rel: string, reason: string) => void;
  onRestored?: (id: string) => void;
}

export class FolderChecker {
  private readonly store: DocumentStore;
  private realRoot: string | null = null;

  constructor(private readonly options: FolderCheckerOptions) {
    this.store = new DocumentStore(options.db);
  }

  /** Makes one document's files in data/ agree with the database, or brings the document back. */
  async check(type: BackupType, stem: string): Promise<CheckOutcome> {
    const { root, db } = this.options;
    const rel = `${DATA_DIR}/${type}/${docFileName(stem)}`;
    try {
      this.realRoot ??= await fsp.realpath(root);
    } catch {
      return 'done'; // the folder went: the watcher's structure checks and the runner's recheck deal with that
    }
    const json = await readDocFile(root, rel, this.realRoot);
    // The file's _id is authoritative when it names this very file; else the name says which document it is.
    let id: string | null = null;
    if (json.state === 'doc' && typeof json.doc._id === 'string') {
      const at = locateDoc(json.doc._id);
      if (at.type === type && at.stem === stem) id = json.doc._id;
    }
    id ??= idFromLocation(type, stem) ?? (await this.findShortened(type, stem));
    if (id === null || id.startsWith('_')) return 'done';
    const row = (await db.allDocs({ keys: [id] })).rows[0] as { value?: { rev: string; deleted?: boolean } } | undefined;
    if (!row?.value) return 'done'; // not a document of this database (another installation's, or not Quire's)
    if (row.value.deleted) {
      if (json.state === 'missing') return 'done';
      return this.revive(type, stem, id, row.value.rev, json, rel);
    }
    if (await this.differs(type, stem, id, json)) this.options.runner.requestRefresh([id]);
    return 'done';
  }

  /** Whether data/ lacks, or holds something else than, what the mirror writes for the database's winner (a newer revision from another installation is left alone). */
  private async differs(type: BackupType, stem: string, id: string, json: DocFileState): Promise<boolean> {
    if (json.state !== 'doc') return true;
    const doc = (await this.options.db.get(id, { revs: true })) as unknown as DbDoc;
    const fileRev = json.doc._rev;
    if (typeof fileRev !== 'string') return true;
    if (fileRev !== doc._rev) {
      return shouldReplace({ rev: doc._rev, deleted: false, history: doc._revisions }, { rev: fileRev, deleted: json.doc._deleted === true });
    }
    const { _attachments, ...rest } = doc;
    const attachments: AttachmentEntry[] = Object.entries(_attachments ?? {}).map(([name, a]) => ({
      name, contentType: a.content_type, digest: a.digest, length: a.length,
    }));
    // The winner as the mirror writes it; its conflicting revisions by their revisions (their contents are not read back).
    const { _conflicts: fileConflicts, ...fileWinner } = json.doc;
    if (!isDeepStrictEqual(fileWinner, docFileJson(stem, { doc: rest, attachments }))) return true;
    const fileRevs = Array.isArray(fileConflicts) ? fileConflicts.map((c) => (c as { _rev?: unknown } | null)?._rev).sort() : [];
    const leaves = await this.options.db.get(id, { open_revs: 'all' });
    const others = leaves.flatMap((leaf) => ('ok' in leaf && leaf.ok._rev !== doc._rev ? [leaf.ok._rev as string] : []));
    if (!isDeepStrictEqual(fileRevs, others.sort())) return true;
    // Each attachment file whole: its length and digest as the database records them.
    const dir = path.join(this.realRoot!, DATA_DIR, type);
    for (const { name, file } of attachmentFilesOf(stem, { doc: rest, attachments })) {
      const a = attachments.find((x) => x.name === name)!;
      try {
        await verifyAttachments([{ name, contentType: a.contentType, path: file, length: a.length, digest: a.digest }], this.realRoot!, dir);
      } catch (error) {
        if (error instanceof SkipError) return true;
        throw error;
      }
    }
    return false;
  }

  /** The id of a shortened (hashed) stem: ids starting with its readable part are few. */
  private async findShortened(type: BackupType, stem: string): Promise<string | null> {
    const cut = stem.indexOf('~~');
    if (cut < 0) return null;
    const prefix = idFromLocation(type, stem.slice(0, cut));
    if (prefix === null) return null;
    // The highest code point: its UTF-8 bytes sort after any id with this prefix, emoji included.
    const rows = (await this.options.db.allDocs({ startkey: prefix, endkey: `${prefix}\u{10ffff}` })).rows;
    return rows.map((r) => r.id).find((rowId) => locateDoc(rowId).stem === stem) ?? null;
  }

  /**
   * A file in data/ for a document the database has deleted: brought back
   * only when a person moved it back from _deleted/ (see the top of this
   * file). Anything else is left alone, with the reason.
   */
  private async revive(type: BackupType, stem: string, id: string, tombstoneRev: string, json: DocFileState, rel: string): Promise<CheckOutcome> {
    const refuse = (reason: string): CheckOutcome => {
      this.options.report(rel, `not restored: ${reason}`);
      return 'done';
    };
    if (json.state === 'broken') return refuse(json.reason);
    if (json.state !== 'doc') return 'done';
    const file = json.doc;
    if (file._id !== id) return refuse(`its _id is not ${JSON.stringify(id)}, the document this file name stands for`);
    if (file._deleted === true) return refuse('it holds the deletion itself, with no content to bring back');
    if (typeof file._rev !== 'string' || !parseRev(file._rev)) return refuse('it has no valid _rev');
    const { db, runner, root } = this.options;
    // Until the runner has written the deletion, a file in data/ is just not moved yet.
    const unwritten = await db.changes({ since: runner.session.lastSeq, doc_ids: [id] });
    if (unwritten.results.length > 0) return 'later';
    const tombstone = (await db.get(id, { rev: tombstoneRev, revs: true })) as unknown as DbDoc;
    const history = tombstone._revisions;
    if (file._rev !== parentRev(history)) {
      return refuse(
        isInHistory(file._rev, history)
          ? 'it is an older revision, not the last one before the deletion'
          : `revision ${file._rev} is not one this installation deleted (another installation's?)`,
      );
    }
    const copy = await readDocFile(root, `${DELETED_DIR}/${type}/${docFileName(stem)}`, this.realRoot!);
    if (copy.state !== 'missing') {
      return refuse(
        `_deleted/${type}/${docFileName(stem)} is still there, so this file was not moved back from it ` +
          '(written by another installation, or copied): move the file out of _deleted/ to bring the note back',
      );
    }
    let parsed;
    try {
      parsed = parseDocFile(Buffer.from(JSON.stringify(file)), { typeDir: type, name: docFileName(stem), quireNames: true });
    } catch (error) {
      if (error instanceof SkipError) return refuse(error.reason);
      throw error;
    }
    let attachments: Record<string, LoadedAttachment>;
    try {
      attachments = await this.loadRevived(type, parsed.attachments);
    } catch (error) {
      if (error instanceof SkipError) return refuse(error.reason);
      throw error;
    }
    const fields = Object.fromEntries(Object.entries(parsed.fields).filter(([key]) => !key.startsWith('_')));
    const doc = { ...fields, _id: id, _rev: tombstoneRev, ...(Object.keys(attachments).length > 0 ? { _attachments: attachments } : {}) };
    try {
      await this.store.put(doc);
    } catch (error) {
      if ((error as Error).message.includes('conflict') || (error as { status?: number }).status === 409) return 'later';
      return refuse(String((error as Error)?.message ?? error).split('\n')[0]!);
    }
    this.options.onRestored?.(id);
    return 'done';
  }

  /** The attachments of a file moved back: beside it in data/, or still in _deleted/ where the move left them. */
  private async loadRevived(type: BackupType, refs: Parameters<typeof loadAttachments>[0]): Promise<Record<string, LoadedAttachment>> {
    const realRoot = this.realRoot!;
    const loaded: Record<string, LoadedAttachment> = {};
    for (const ref of refs) {
      let got: Record<string, LoadedAttachment> | null = null;
      for (const top of [DATA_DIR, DELETED_DIR]) {
        try {
          got = await loadAttachments([ref], realRoot, path.join(realRoot, top, type));
          break;
        } catch (error) {
          if (!(error instanceof SkipError) || !error.missing || top === DELETED_DIR) throw error;
        }
      }
      Object.assign(loaded, got);
    }
    return loaded;
  }
}
