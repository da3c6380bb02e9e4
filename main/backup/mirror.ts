// The backup folder's writer: turns document revisions into files
// (docs/backup-format.md). It knows nothing of PouchDB; it receives each
// document's winning revision, with its history and attachment bytes, and
// makes the folder agree, without ever replacing a file that holds a revision
// that wins over ours (another installation sharing the folder wrote it).
// It only ever touches the files whose names it computes, so cloud-sync
// conflict copies and other tools' files are left alone.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import { forEachLimited } from '../util/concurrency';
import { AtomicWriter } from './atomic-write';
import { attachmentFileName, docFileName, locateDoc, type BackupType } from './file-name';
import { isInHistory, shouldReplace, type RevisionHistory } from './revisions';

export const DATA_DIR = 'data';
export const DELETED_DIR = '_deleted';
export const STATE_DIR = 'state';
const TYPE_DIRS: BackupType[] = ['note', 'book', 'tag', 'file', 'other'];

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

export interface Checkpoint {
  clientId: string;
  lastSeq: number | string;
  appVersion: string;
  hostname: string;
  counts: { docs: number; written: number; deleted: number };
  lastWriteAt: string;
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
}

const CONCURRENCY = 16;

export function validClientId(clientId: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(clientId);
}

export class BackupMirror {
  readonly writer: AtomicWriter;

  constructor(
    readonly root: string,
    readonly clientId: string,
  ) {
    if (!validClientId(clientId)) throw new Error(`invalid backup client id ${JSON.stringify(clientId)}`);
    this.writer = new AtomicWriter(root, clientId.replace(/-/g, '').slice(0, 16));
  }

  private stateRel = () => `${STATE_DIR}/${this.clientId}.json`;

  /**
   * Before a pass: the folder must be there (a missing folder is a drive
   * gone, never re-created here); returns our checkpoint, or null when this
   * folder has none of ours.
   */
  async prepare(): Promise<Checkpoint | null> {
    this.writer.reset();
    const stat = await fsp.stat(this.writer.root);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    try {
      const state = JSON.parse(await fsp.readFile(this.writer.resolve(this.stateRel()), 'utf8')) as Checkpoint;
      return state.clientId === this.clientId && state.lastSeq !== undefined ? state : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return null;
      throw error;
    }
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
    };
    await this.writer.write(this.stateRel(), `${JSON.stringify(full, null, 2)}\n`);
    return full;
  }

  private async mirrorLive(item: BackupDoc, { live: existing, deletedCopy }: InFolder, rewrite: boolean): Promise<keyof ApplyResult> {
    const { type, stem } = locateDoc(item.doc._id);
    const dataDir = `${DATA_DIR}/${type}`;
    const ours = { rev: item.doc._rev, deleted: false, history: item.doc._revisions };
    if (!existing && deletedAtOrAfter(deletedCopy, ours.rev)) return 'unchanged';
    const sameRevision = existing?.rev === ours.rev;
    if (existing && !shouldReplace(ours, existing) && !(rewrite && sameRevision)) {
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
    // The copy holds the last live revision before a deletion; it goes if that revision is ours or an ancestor of ours.
    if (copy.rev !== ours.rev && !shouldReplace(ours, { rev: copy.rev, deleted: false })) return;
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
      // Attachments first, the document last: the document's move is what makes the deletion visible.
      for (const file of live.attachmentFiles) {
        await this.writer.move(`${dataDir}/${file}`, `${deletedDir}/${file}`, { deferDirSync: true });
      }
      await this.writer.move(`${dataDir}/${docFileName(stem)}`, `${deletedDir}/${docFileName(stem)}`, { deferDirSync: true });
      return 'deleted';
    }
    const last = item.previous ?? item;
    if (copy && (copy.rev === last.doc._rev || !shouldReplace({ ...ours, rev: last.doc._rev, deleted: false }, { ...copy, deleted: false }))) {
      return 'unchanged';
    }
    await this.writeDoc(deletedDir, stem, last);
    return 'deleted';
  }

  /** Attachment bytes first, then the document that points at them; returns the attachment file names. */
  private async writeDoc(dir: string, stem: string, item: BackupDoc): Promise<string[]> {
    const stubs: Record<string, unknown> = {};
    const files: string[] = [];
    for (const attachment of item.attachments) {
      const file = attachmentFileName(stem, attachment.name, attachment.contentType);
      await this.writer.write(`${dir}/${file}`, attachment.data, { deferDirSync: true });
      files.push(file);
      stubs[attachment.name] = {
        content_type: attachment.contentType,
        length: attachment.data.byteLength,
        ...(attachment.digest ? { digest: attachment.digest } : {}),
        path: file,
      };
    }
    const { _id, _rev, ...rest } = item.doc;
    const json: Record<string, unknown> = { _id, _rev, ...rest };
    if (files.length > 0) json._attachments = stubs;
    else delete json._attachments;
    await this.writer.write(`${dir}/${docFileName(stem)}`, `${JSON.stringify(json, null, 2)}\n`, { deferDirSync: true });
    return files;
  }

  /** What a document file in the folder holds, as far as replacing it is concerned; null if there is none. */
  private async readFile(rel: string, stem: string): Promise<FileInFolder | null> {
    const file = this.writer.resolve(rel);
    // Most probes find nothing (every document of a first copy). A synchronous
    // stat answers that in microseconds; a failed asynchronous read costs a
    // thread-pool round trip and an Error with a stack, ten times as much.
    if (!fs.statSync(file, { throwIfNoEntry: false })) return null;
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw error;
    }
    try {
      const doc = JSON.parse(text) as { _rev?: unknown; _deleted?: unknown; _revisions?: unknown; _attachments?: Record<string, { path?: unknown }> };
      // Paths inside a file are not trusted: only plain names of this document's own attachment files are followed.
      const attachmentFiles = Object.values(doc._attachments ?? {})
        .map((a) => a?.path)
        .filter((p): p is string => typeof p === 'string' && p.startsWith(`${stem}.`) && !/[/\\]/.test(p) && !p.endsWith('.json'));
      const history = isHistory(doc._revisions) ? doc._revisions : undefined;
      return { rev: typeof doc._rev === 'string' ? doc._rev : null, deleted: doc._deleted === true, attachmentFiles, history };
    } catch {
      // Unreadable (edited by hand, or damaged by a tool): replaced by the database's revision.
      return { rev: null, deleted: false, attachmentFiles: [] };
    }
  }
}

function isHistory(value: unknown): value is RevisionHistory {
  const h = value as RevisionHistory | null;
  return typeof h === 'object' && h !== null && Number.isInteger(h.start) && Array.isArray(h.ids) && h.ids.every((id) => typeof id === 'string');
}

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
