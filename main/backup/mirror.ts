// The backup folder's writer: turns document revisions into files
// (docs/backup-format.md, whose every rule lives in main/backup-format/). It
// knows nothing of PouchDB; it receives each document's winning revision,
// with its history, attachment bytes and conflicting revisions, and makes
// the folder agree, without ever replacing a file that holds a revision
// that wins over ours (another installation sharing the folder wrote it).
// It only ever touches the files whose names it computes, so cloud-sync
// conflict copies and other tools' files are left alone.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import { forEachLimited } from '../util/concurrency';
import { isInHistory, isHistory, shouldReplace, type RevisionHistory } from '../db/revisions';
import {
  DATA_DIR, DELETED_DIR, FORMAT_VERSION, STATE_DIR, TYPE_DIRS, attachmentFilesOf, conflictRevs, docFileJson, docFileName, docFileText,
  isOwnAttachmentName, locateDoc, newerFormatMessage, readDocFile, readStateFiles, stateFileRel, validClientId,
  type BackupType, type Checkpoint, type RevisionEntry,
} from '../backup-format/index';
import { AtomicWriter } from './atomic-write';

export type { Checkpoint } from '../backup-format/index';

/** An attachment's bytes, off the document. */
export interface BackupAttachment {
  name: string;
  contentType: string;
  digest?: string;
  data: Uint8Array;
}

/** One document revision to mirror. */
export interface BackupDoc {
  /** The document as JSON: `_id`, `_rev`, `_revisions`, every field; `_attachments` (if any) without data. */
  doc: Record<string, unknown> & { _id: string; _rev: string; _deleted?: boolean; _revisions?: RevisionHistory };
  attachments: BackupAttachment[];
  /** For a deletion: the last live revision, when the database still holds it (written to _deleted/ if data/ has no file). */
  previous?: BackupDoc;
  /**
   * The other leaves of the document's revision tree (conflicting edits, and
   * deleted branches), each with its history and attachments: written into
   * the document's file under `_conflicts`, so a restore gives them back.
   */
  conflicts?: BackupDoc[];
}

export interface ApplyResult {
  written: number;
  deleted: number;
  /** Already in the folder, or a newer revision from another installation is there. */
  unchanged: number;
}

export interface ApplyOptions {
  rewrite?: boolean;
}

/** The folder was written by a newer Quire: the code lets the runner put it in words (errors.ts). */
export class NewerFormatError extends Error {
  readonly code = 'EQUIRENEWER';
}

/** A document's files in the folder before a write: its file in data/ and its copy in _deleted/. */
interface InFolder {
  live: FileInFolder | null;
  deletedCopy: FileInFolder | null;
}

interface FileInFolder {
  rev: string | null;
  deleted: boolean;
  attachmentFiles: string[];
  history?: RevisionHistory;
  /** The conflicting revisions the file holds, sorted. */
  conflicts: string[];
  /** The histories of those revisions (of the entries that have one). */
  conflictHistories: RevisionHistory[];
}

const CONCURRENCY = 16;

export class BackupMirror {
  readonly writer: AtomicWriter;

  constructor(
    readonly root: string,
    readonly clientId: string,
  ) {
    if (!validClientId(clientId)) throw new Error(`invalid backup client id ${JSON.stringify(clientId)}`);
    this.writer = new AtomicWriter(root, clientId.replace(/-/g, '').slice(0, 16));
  }

  private realRoot: string | null = null;
  /**
   * The failure of the last apply(), until the next prepare(): batches the
   * runner handed over before it saw the failure (it reads ahead) are refused
   * with it instead of writing on into a folder that just failed.
   */
  private failure: { error: unknown } | null = null;

  /**
   * Before a pass: the folder must be there (a missing folder is a drive
   * gone, never re-created here) and not written by a newer Quire; returns
   * our checkpoint, or null when this folder has none of ours.
   */
  async prepare(): Promise<Checkpoint | null> {
    this.writer.reset();
    this.failure = null;
    const stat = await fsp.stat(this.writer.root);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    this.realRoot = await fsp.realpath(this.writer.root);
    const states = await readStateFiles(this.writer.root, this.realRoot);
    if (states.newestFormat > FORMAT_VERSION) throw new NewerFormatError(newerFormatMessage(this.writer.root, states.newestFormat));
    return states.checkpoints.get(this.clientId) ?? null;
  }

  /**
   * Removes our own temporary files left by a crash. Listing folders of tens
   * of thousands of files costs tens of milliseconds, so the runner calls it
   * once caught up, never while our own writes are in flight.
   */
  async cleanup(): Promise<number> {
    const dirs = ['', STATE_DIR, ...[DATA_DIR, DELETED_DIR].flatMap((top) => TYPE_DIRS.map((t) => `${top}/${t}`))];
    return this.writer.removeOwnTempFiles(dirs);
  }

  /**
   * Writes these revisions; every file is durable when this resolves. With
   * `rewrite`, files already at our revision are written again (a file
   * changed or deleted from outside); newer revisions are still left alone.
   */
  async apply(docs: BackupDoc[], options: ApplyOptions = {}): Promise<ApplyResult> {
    const latest = new Map<string, BackupDoc>();
    for (const d of docs) latest.set(d.doc._id, d);
    const result: ApplyResult = { written: 0, deleted: 0, unchanged: 0 };
    const items = [...latest.values()];
    if (this.failure) throw this.failure.error;
    try {
      // Every lookup of the batch before any file of it is created: a lookup in a
      // folder waits while another thread creates or renames in it, and in a
      // folder of tens of thousands of files a create can take milliseconds.
      const found = new Map<BackupDoc, InFolder>();
      await forEachLimited(items, CONCURRENCY, async (item) => void found.set(item, await this.inFolder(item)));
      await forEachLimited(items, CONCURRENCY, async (item) => {
        const now = found.get(item)!;
        const outcome = item.doc._deleted ? await this.mirrorDeletion(item, now) : await this.mirrorLive(item, now, options.rewrite === true);
        result[outcome]++;
      });
    } catch (error) {
      // What was renamed before the failure is made durable now if it can be;
      // what cannot stays pending for the next flush (the writer keeps it), so
      // a retry that finds those files in place never moves the checkpoint past
      // folders that were not fsynced.
      this.failure = { error };
      await this.writer.flush().catch(() => undefined);
      throw error;
    }
    await this.writer.flush();
    return result;
  }

  /** This document's file in data/ and its copy in _deleted/, as they are now. */
  private async inFolder(item: BackupDoc): Promise<InFolder> {
    const { type, stem } = locateDoc(item.doc._id);
    const name = docFileName(stem);
    return {
      live: await this.readFile(`${DATA_DIR}/${type}/${name}`, stem),
      deletedCopy: await this.readFile(`${DELETED_DIR}/${type}/${name}`, stem),
    };
  }

  /** Records that everything up to `lastSeq` is in the folder. Call only after apply() resolved. */
  async commit(checkpoint: Omit<Checkpoint, 'clientId' | 'hostname' | 'lastWriteAt'>): Promise<Checkpoint> {
    const full: Checkpoint = {
      clientId: this.clientId,
      lastSeq: checkpoint.lastSeq,
      appVersion: checkpoint.appVersion,
      hostname: os.hostname(),
      counts: checkpoint.counts,
      lastWriteAt: new Date().toISOString(),
      formatVersion: FORMAT_VERSION,
    };
    await this.writer.write(stateFileRel(this.clientId), `${JSON.stringify(full, null, 2)}\n`);
    return full;
  }

  private async mirrorLive(item: BackupDoc, { live: existing, deletedCopy }: InFolder, rewrite: boolean): Promise<keyof ApplyResult> {
    const { type, stem } = locateDoc(item.doc._id);
    const dataDir = `${DATA_DIR}/${type}`;
    const ours = { rev: item.doc._rev, deleted: false, history: item.doc._revisions };
    if (!existing && deletedAtOrAfter(deletedCopy, ours.rev)) return 'unchanged';
    const sameRevision = existing?.rev === ours.rev;
    // Which side has seen more is told by the whole trees, ours and the file's
    // (its winner and its `_conflicts`): a leaf of one descending from a leaf
    // of the other. Ours ahead: the file is out of date (say, the conflict was
    // resolved here by deleting its winner, or its loser). The file ahead: it
    // holds an edit or deletion we have not seen, and stays, even against a
    // refresh. Neither, or both: CouchDB's rules on the two winners decide.
    const ahead = existing ? whoIsAhead(item, existing) : null;
    // The same winner with other conflicts beside it (one resolved, or a new one arrived): the file is written again.
    const conflictsChanged = sameRevision && !sameList(existing!.conflicts, (item.conflicts ?? []).map((c) => c.doc._rev).sort());
    const replace = !existing || ahead === 'ours' || (ahead === null && (shouldReplace(ours, existing) || (rewrite && sameRevision) || conflictsChanged));
    if (!replace) {
      await this.retireDeletedCopy(type, stem, ours, deletedCopy);
      return 'unchanged';
    }
    const files = await this.writeDoc(dataDir, stem, item);
    for (const old of existing?.attachmentFiles ?? []) {
      if (!files.includes(old)) await this.writer.remove(`${dataDir}/${old}`, { deferDirSync: true });
    }
    await this.retireDeletedCopy(type, stem, ours, deletedCopy);
    return 'written';
  }

  /** A document alive again: its copy in _deleted/ goes, unless another installation's newer deletion is there. */
  private async retireDeletedCopy(
    type: BackupType,
    stem: string,
    ours: { rev: string; deleted: boolean; history?: RevisionHistory },
    copy: FileInFolder | null,
  ) {
    const deletedDir = `${DELETED_DIR}/${type}`;
    if (!copy) return;
    // The copy holds the last live revision before a deletion made on top of
    // it; it goes only if our revision wins over that deletion: it descends
    // from the copy's revision (an edit or a revival after it), or is a
    // concurrent live one. At the copy's revision itself (another
    // installation's rewrite and our deletion both delivered), the deletion
    // wins and stays: removing it would undo it in the folder.
    if (deletedAtOrAfter(copy, ours.rev) || !shouldReplace(ours, { rev: copy.rev, deleted: false })) return;
    await this.writer.remove(`${deletedDir}/${docFileName(stem)}`, { deferDirSync: true });
    for (const file of copy.attachmentFiles) await this.writer.remove(`${deletedDir}/${file}`, { deferDirSync: true });
  }

  private async mirrorDeletion(item: BackupDoc, { live, deletedCopy: copy }: InFolder): Promise<keyof ApplyResult> {
    const { type, stem } = locateDoc(item.doc._id);
    const dataDir = `${DATA_DIR}/${type}`;
    const deletedDir = `${DELETED_DIR}/${type}`;
    const ours = { rev: item.doc._rev, deleted: true, history: item.doc._revisions };
    if (live) {
      // A live revision we do not descend from is another installation's, and wins over our deletion.
      if (!shouldReplace(ours, live)) return 'unchanged';
      if (live.rev !== null && (live.rev === item.previous?.doc._rev || !item.previous)) {
        // Attachments first, the document last: the document's move is what makes the deletion visible.
        for (const file of live.attachmentFiles) {
          await this.writer.move(`${dataDir}/${file}`, `${deletedDir}/${file}`, { deferDirSync: true });
        }
        await this.writer.move(`${dataDir}/${docFileName(stem)}`, `${deletedDir}/${docFileName(stem)}`, { deferDirSync: true });
        return 'deleted';
      }
      // data/ holds an older revision than the last one before the deletion (edited, then deleted before a
      // pass wrote the edit), or an unusable file: _deleted/ gets the last revision, as the format says,
      // then the old files leave data/ (the document file first, so it never points at a missing file).
      await this.writeDeletedCopy(deletedDir, stem, item.previous ?? item, copy);
      await this.writer.remove(`${dataDir}/${docFileName(stem)}`, { deferDirSync: true });
      for (const file of live.attachmentFiles) await this.writer.remove(`${dataDir}/${file}`, { deferDirSync: true });
      return 'deleted';
    }
    const last = item.previous ?? item;
    if (copy && (copy.rev === last.doc._rev || !shouldReplace({ ...ours, rev: last.doc._rev, deleted: false }, { ...copy, deleted: false }))) {
      return 'unchanged';
    }
    await this.writeDeletedCopy(deletedDir, stem, last, copy);
    return 'deleted';
  }

  /** Writes the last revision into _deleted/ over what is there; the attachment files of the copy it replaces go. */
  private async writeDeletedCopy(deletedDir: string, stem: string, last: BackupDoc, copy: FileInFolder | null): Promise<void> {
    const files = await this.writeDoc(deletedDir, stem, last);
    for (const old of copy?.attachmentFiles ?? []) {
      if (!files.includes(old)) await this.writer.remove(`${deletedDir}/${old}`, { deferDirSync: true });
    }
  }

  /** Attachment bytes first (the conflicting revisions' too), then the document file that points at them; returns the attachment file names. */
  private async writeDoc(dir: string, stem: string, item: BackupDoc): Promise<string[]> {
    const entry = (d: BackupDoc): RevisionEntry => ({
      doc: d.doc,
      attachments: d.attachments.map((a) => ({ name: a.name, contentType: a.contentType, digest: a.digest, length: a.data.byteLength })),
    });
    const revisions = [item, ...(item.conflicts ?? [])];
    const winner = entry(item);
    const conflicts = (item.conflicts ?? []).map(entry);
    const files = attachmentFilesOf(stem, winner, conflicts);
    for (const { revision, name, file } of files) {
      const data = revisions[revision + 1]!.attachments.find((a) => a.name === name)!.data;
      await this.writer.write(`${dir}/${file}`, data, { deferDirSync: true });
    }
    await this.writer.write(`${dir}/${docFileName(stem)}`, docFileText(docFileJson(stem, winner, conflicts)), { deferDirSync: true });
    return files.map((f) => f.file);
  }

  /** What a document file in the folder holds, as far as replacing it is concerned; null if there is none. */
  private async readFile(rel: string, stem: string): Promise<FileInFolder | null> {
    // Most probes find nothing (every document of a first copy). A synchronous
    // lstat answers that in microseconds (and follows no link, waits on no
    // FIFO); a failed asynchronous open costs a thread-pool round trip and an
    // Error with a stack, ten times as much.
    if (!fs.lstatSync(this.writer.resolve(rel), { throwIfNoEntry: false })) return null;
    this.realRoot ??= await fsp.realpath(this.writer.root);
    const found = await readDocFile(this.writer.root, rel, this.realRoot);
    if (found.state === 'missing') return null;
    // Unusable (edited by hand, damaged by a tool, a link, a FIFO): replaced by the database's revision, never read through.
    if (found.state === 'broken') return { rev: null, deleted: false, attachmentFiles: [], conflicts: [], conflictHistories: [] };
    const doc = found.doc;
    // Paths inside a file are not trusted: only plain names of this document's own attachment files are followed.
    const stubsOf = (value: unknown) =>
      typeof value === 'object' && value !== null ? Object.values(value as Record<string, { path?: unknown } | null>).map((a) => a?.path) : [];
    const conflictList = Array.isArray(doc._conflicts) ? (doc._conflicts as unknown[]) : [];
    const attachmentFiles = [doc._attachments, ...conflictList.map((c) => (c as { _attachments?: unknown } | null)?._attachments)]
      .flatMap(stubsOf)
      .filter((p): p is string => isOwnAttachmentName(stem, p));
    const history = isHistory(doc._revisions) ? doc._revisions : undefined;
    return {
      rev: typeof doc._rev === 'string' ? doc._rev : null,
      deleted: doc._deleted === true,
      attachmentFiles: [...new Set(attachmentFiles)],
      history,
      conflicts: conflictRevs(doc).sort(),
      conflictHistories: conflictList.flatMap((c) => {
        const h = (c as { _revisions?: unknown } | null)?._revisions;
        return isHistory(h) ? [h] : [];
      }),
    };
  }
}

/** Whether `rev` is a strict ancestor in this history (in it, and not its own revision). */
const isAncestorIn = (rev: string, history: RevisionHistory | undefined) =>
  history !== undefined && rev !== `${history.start}-${history.ids[0]}` && isInHistory(rev, history);

/**
 * Whether our revision tree or the file's has moved past the other: a leaf of
 * one (the winner, or a conflicting revision, deleted ones included) is an
 * ancestor of a leaf of the other. Null when neither has, or both have
 * (concurrent changes on both sides).
 */
function whoIsAhead(item: BackupDoc, file: FileInFolder): 'ours' | 'file' | null {
  const ourLeaves = [item, ...(item.conflicts ?? [])].map((d) => ({ rev: d.doc._rev, history: d.doc._revisions }));
  const fileLeaves = [
    ...(file.rev !== null ? [{ rev: file.rev, history: file.history }] : []),
    ...file.conflicts.map((rev) => ({ rev, history: undefined as RevisionHistory | undefined })),
    ...file.conflictHistories.map((history) => ({ rev: `${history.start}-${history.ids[0]}`, history })),
  ];
  const passes = (from: typeof ourLeaves, to: typeof ourLeaves) => from.some((a) => to.some((b) => isAncestorIn(a.rev, b.history)));
  const oursAhead = passes(fileLeaves, ourLeaves);
  const fileAhead = passes(ourLeaves, fileLeaves);
  return oursAhead === fileAhead ? null : oursAhead ? 'ours' : 'file';
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether _deleted/ holds this document at our revision or a later one (our
 * revision is in the copy's history). The copy stands for a deletion made on
 * top of it, which wins over our revision by CouchDB's rules: it is another
 * installation's (or the user's) deletion, not ours to undo by writing our
 * revision into data/ again.
 */
function deletedAtOrAfter(copy: FileInFolder | null, rev: string): boolean {
  if (!copy?.rev) return false;
  return copy.rev === rev || isInHistory(rev, copy.history);
}
