// Note › History…: the versions of one note, from the snapshots in the backup
// folder and from the revisions the local database still holds since the
// last snapshot (docs/snapshot-format.md, "History").
//
// Rules:
// - Snapshot versions: one each time the note differs from the snapshot
//   before (documentHistory), in snapshot order.
// - Local versions: the revisions of the note's current branch that the
//   database still has a body for and no snapshot holds, placed among the
//   snapshot versions by time. Not only those since the last snapshot:
//   text saved and then replaced between two snapshots (the text Restore
//   This Version replaced, a paste over the wrong text) is in no snapshot,
//   and would otherwise leave the list at the next one. A revision whose
//   body PouchDB has compacted away is skipped.
// - A writing session is one entry: consecutive local saves less than
//   SESSION_GAP_MS apart (by their updatedAt) are grouped, showing the newest
//   and how many saves it stands for. A snapshot version closes the session
//   of saves just before it (it holds the last of them) and stands for them;
//   it is never grouped into a later entry: each is a moment the user may
//   want back. A version written by Restore
//   This Version starts an entry of its own (it carries RESTORED_AT, equal
//   to its updatedAt), so the text it replaced stays in the list as the
//   entry before it; saves typed after it group with it as usual. A save
//   that removed or pasted over LARGE_REMOVAL_CHARS or more starts an entry
//   too, so the text just before such a change can be had back.
// - Newest first; words added/removed are counted against the next older entry.
import { diffLines, diffWords, type ChangeObject } from 'diff';
import type { Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { TRASH_BOOK_ID, type TagDoc } from '../../shared/schema';
import { countTasks } from '../../shared/tasks';
import { commonEnds } from '../../shared/text-ends';
import type { HistoryEntry, NoteHistory, NoteVersion } from '../../shared/contract/snapshot-requests';
import { UserError } from '../notes/notes-service';
import { ObjectError } from './pack';
import { isReachableFolder } from './durable';
import { ObjectStore, SnapshotStoreError } from './store';
import { entryOf, listSnapshots, readEntry, treeCache } from './snapshots';
import { headRevision, writeOnTop } from './restore-plan';
import { revisionBodies } from './local-revisions';

/** The field Restore This Version sets to the edit's updatedAt: that revision is not grouped with the saves before it. */
export const RESTORED_AT = 'historyRestoredAt';
/** Saves closer together than this are one writing session. */
export const SESSION_GAP_MS = 5 * 60_000;
/** Local revisions looked at, newest first: bounds the work on a note saved thousands of times. */
const MAX_LOCAL_REVISIONS = 2000;
/** Above this many characters (both sides), words are counted within changed lines only. */
const WORD_DIFF_LIMIT = 200_000;
const REV_KEY = /^\d+-[0-9a-f]{1,64}$/;

type Fields = Record<string, unknown>;
export interface Version {
  key: string;
  source: 'snapshot' | 'local';
  time: string;
  rev: string | null;
  deleted: boolean;
  fields: Fields;
  saves: number;
}

const generation = (rev: string | null) => (rev ? Number(rev.split('-')[0]) || 0 : 0);
const text = (v: Version) => (v.deleted ? '' : `${String(v.fields.title ?? '')}\n${String(v.fields.body ?? '')}`);
const words = (s: string) => s.match(/\S+/g)?.length ?? 0;
const timeOf = (fields: Fields, fallback: string) =>
  typeof fields.updatedAt === 'number' && Number.isFinite(fields.updatedAt) ? new Date(fields.updatedAt).toISOString() : fallback;

/**
 * Words added and removed from `before` to `after`: Myers' diff by word on
 * what lies between the common beginning and end (cut at whitespace, so no
 * word is split); by line where even that is long.
 */
export function wordChanges(before: string, after: string): { added: number; removed: number } {
  let { start, end } = commonEnds(before, after);
  // Back to whitespace on both sides: a word half in the common part counts as changed.
  while (start > 0 && !/\s/.test(before[start - 1]!)) start--;
  while (end > 0 && !/\s/.test(before[before.length - end]!)) end--;
  const a = before.slice(start, before.length - end);
  const b = after.slice(start, after.length - end);
  let added = 0;
  let removed = 0;
  const count = (parts: ChangeObject<string>[]) => {
    for (const p of parts) {
      if (p.added) added += words(p.value);
      else if (p.removed) removed += words(p.value);
    }
  };
  const byWord = a.length + b.length <= WORD_DIFF_LIMIT ? diffWords(a, b, { timeout: 200 }) : undefined;
  if (byWord) {
    count(byWord);
    return { added, removed };
  }
  // Long: by line, then by word within each run of changed lines (as the comparison marks them), so that one
  // word changed in a long line counts as one word, not as the line's.
  const lines = diffLines(a, b);
  // One time budget for all the runs (hundreds of changed runs must not take seconds): past it, by line.
  const deadline = performance.now() + 200;
  for (let i = 0; i < lines.length; i++) {
    const p = lines[i]!;
    const next = lines[i + 1];
    const left = deadline - performance.now();
    if (p.removed && next?.added && left > 0 && p.value.length + next.value.length <= WORD_DIFF_LIMIT) {
      count(diffWords(p.value, next.value, { timeout: Math.ceil(left) }) ?? [p, next]);
      i++;
    } else count([p]);
  }
  return { added, removed };
}

function openStore(folder: string | null): ObjectStore | null {
  return folder ? ObjectStore.open(folder, { create: false }) : null;
}

/**
 * The note's versions across the snapshots, oldest first: one each time its
 * entry differs from the snapshot before (as documentHistory lists them),
 * read once. Trees are parsed once per call: consecutive snapshots share
 * most of them, and 200 snapshots must list in well under 200 ms.
 */
function snapshotVersions(store: ObjectStore, noteId: string, problems: string[]): Version[] {
  const versions: Version[] = [];
  const trees = treeCache(store);
  let last: string | null = null;
  for (const s of listSnapshots(store).snapshots) {
    try {
      const found = entryOf(store, s.tree, noteId, trees);
      const key = found ? `${found.section}:${found.entry.oid}` : null;
      if (key === last) continue;
      last = key;
      if (!found) continue;
      const doc = readEntry(store, found.section, found.entry, { files: false });
      const time = doc.deleted ? s.time : timeOf(doc.json, s.time);
      versions.push({ key: `snap:${s.id}`, source: 'snapshot', time, rev: doc.json._rev ?? null, deleted: doc.deleted, fields: doc.json, saves: 1 });
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      problems.push(`Snapshot ${s.id.slice(0, 12)} could not be read: ${error.message}`);
    }
  }
  return versions;
}

/** Every version of the note, oldest first, before grouping. */
async function versionsOf(db: Database, folder: string | null, noteId: string, problems: string[]) {
  const versions: Version[] = [];
  let store: ObjectStore | null = null;
  if (folder && !isReachableFolder(folder)) {
    problems.push(`The backup folder ${folder} is not there (drive unplugged or network share gone?): the versions in its snapshots show again once it is back.`);
  }
  try {
    store = openStore(folder);
  } catch (error) {
    // A store this version cannot read (a newer one, a damaged format file): the local revisions still show.
    if (!(error instanceof SnapshotStoreError) && !(error as NodeJS.ErrnoException).code) throw error;
    problems.push((error as Error).message);
  }
  try {
    if (store) versions.push(...snapshotVersions(store, noteId, problems));
  } finally {
    store?.close();
  }
  const head = await headRevision(db, noteId);
  if (!head) return { versions, head };
  const inSnapshots = new Set(versions.flatMap((v) => (v.rev ? [v.rev] : [])));
  const local = (await localVersions(db, noteId, head.rev)).filter((v) => !inSnapshots.has(v.rev!));
  return { versions: byTime(versions, local), head };
}

/**
 * The snapshot versions (in snapshot order) and the local ones (oldest
 * first) as one list, by time (each version's updatedAt), and by revision
 * generation where the times are the same (saves within one clock tick);
 * either list keeps its own order. Not by generation alone: a note's
 * revisions start again from 1 where it was imported again under its id,
 * and the newest text would have gone before every snapshot's version.
 */
export function byTime<S extends { time: string; rev: string | null }, L extends { time: string; rev: string | null }>(snapshots: S[], local: L[]): (S | L)[] {
  const out: (S | L)[] = [];
  let i = 0;
  const before = (s: S, v: L) => {
    const a = Date.parse(s.time);
    const b = Date.parse(v.time);
    return a < b || (a === b && generation(s.rev) <= generation(v.rev));
  };
  for (const v of local) {
    while (i < snapshots.length && before(snapshots[i]!, v)) out.push(snapshots[i++]!);
    out.push(v);
  }
  while (i < snapshots.length) out.push(snapshots[i++]!);
  return out;
}

/**
 * The revisions of the branch ending in `headRev` that the database still has
 * bodies for (the newest MAX_LOCAL_REVISIONS looked at), oldest first.
 * Compacted ones are skipped: PouchDB keeps their ids, not their bodies.
 */
export async function localVersions(db: Database, noteId: string, headRev: string): Promise<Version[]> {
  const tip = (await db.get(noteId, { rev: headRev, revs: true })) as { _revisions?: { start: number; ids: string[] } };
  const history = tip._revisions ?? { start: generation(headRev), ids: [headRev.split('-')[1]!] };
  const revs = history.ids
    .map((hash, i) => `${history.start - i}-${hash}`)
    .slice(0, MAX_LOCAL_REVISIONS)
    .filter((rev) => REV_KEY.test(rev));
  if (revs.length === 0) return [];
  const local: Version[] = [];
  // Compacted revisions are not among them: no body any more.
  for (const doc of await revisionBodies(db, noteId, revs)) {
    local.push({ key: `rev:${doc._rev}`, source: 'local', time: timeOf(doc, new Date(0).toISOString()), rev: doc._rev, deleted: doc._deleted === true, fields: doc, saves: 1 });
  }
  local.sort((a, b) => generation(a.rev) - generation(b.rev));
  // A tombstone carries no updatedAt: it happened after the version before it.
  for (let i = 1; i < local.length; i++) if (local[i]!.deleted && local[i]!.time < local[i - 1]!.time) local[i]!.time = local[i - 1]!.time;
  return local;
}

/**
 * Characters of `before` that `after` no longer has between their common
 * beginning and end: what a save removed or pasted over (typing removes a few).
 */
export function charsReplaced(before: string, after: string): number {
  const { start, end } = commonEnds(before, after);
  return before.length - start - end;
}

/**
 * A save that removed or pasted over this much of the text before it starts
 * an entry of its own, so the text just before it stays in the list: a paste
 * over the wrong text in the middle of a writing session is what History is
 * there to undo, and grouped away it could not be.
 */
export const LARGE_REMOVAL_CHARS = 100;

/** Groups consecutive local saves into writing sessions (oldest first in, oldest first out). */
export function groupSessions<T extends { source: string; time: string; deleted: boolean; saves: number; fields?: Fields }>(versions: T[], gapMs = SESSION_GAP_MS): T[] {
  const out: T[] = [];
  const body = (v: T) => String(v.fields?.body ?? '');
  for (const v of versions) {
    const last = out.at(-1);
    const restored = v.fields !== undefined && v.fields[RESTORED_AT] !== undefined && v.fields[RESTORED_AT] === v.fields.updatedAt;
    // A snapshot ends the session of saves before it (it holds the last of them), so it stands for them:
    // the saves before a snapshot are not an entry of their own a moment older than it.
    const gap = Date.parse(v.time) - Date.parse(last?.time ?? '');
    // Only forward in time: a version older than the saves before it (another computer's clock, an import) is no part of their session.
    if (last && !restored && last.source === 'local' && !v.deleted && !last.deleted && gap >= 0 && gap < gapMs
      && charsReplaced(body(last), body(v)) < LARGE_REMOVAL_CHARS) {
      out[out.length - 1] = { ...v, saves: last.saves + v.saves };
    } else out.push(v);
  }
  return out;
}

export async function noteHistory(db: Database, folder: string | null, noteId: string): Promise<NoteHistory> {
  const problems: string[] = [];
  const { versions, head } = await versionsOf(db, folder, noteId, problems);
  const grouped = groupSessions(versions);
  const inTrash = (v: Version) => !v.deleted && v.fields.bookId === TRASH_BOOK_ID;
  const entries: HistoryEntry[] = grouped.map((v, i) => {
    const before = i === 0 ? null : grouped[i - 1]!;
    const { added, removed } = before ? wordChanges(text(before), text(v)) : { added: 0, removed: 0 };
    // A move to the Trash (or out of it) changes no word: said as what it was, not as "No words changed".
    const moved = before && !before.deleted && !v.deleted && inTrash(before) !== inTrash(v) ? (inTrash(v) ? 'toTrash' : 'fromTrash') : undefined;
    return {
      key: v.key, time: v.time, source: v.source, saves: v.saves, wordsAdded: added, wordsRemoved: removed, deleted: v.deleted,
      title: String(v.fields.title ?? ''), current: !!head && !head.deleted && v.rev === head.rev, ...(moved ? { moved } : {}),
    };
  });
  let state: NoteHistory['state'] = 'unknown';
  if (head && !head.deleted) {
    const current = (await db.get(noteId)) as Fields;
    state = current.bookId === TRASH_BOOK_ID ? 'trash' : 'live';
  } else if (head || versions.length > 0) state = 'deleted';
  return { noteId, state, entries: entries.reverse(), problems };
}

/** One version's fields: from a snapshot, or a revision the database still has. */
async function versionFields(db: Database, folder: string | null, noteId: string, key: string): Promise<{ fields: Fields; time: string; deleted: boolean }> {
  if (key.startsWith('snap:')) {
    const id = key.slice(5);
    const store = openStore(folder);
    if (!store) throw new UserError('That version is in a snapshot, and no backup folder with snapshots is set.');
    try {
      const snapshot = listSnapshots(store).snapshots.find((s) => s.id === id);
      if (!snapshot) throw new UserError('That snapshot is no longer in the backup folder (it may have been pruned).');
      const entry = entryOf(store, snapshot.tree, noteId);
      if (!entry) throw new UserError('That snapshot does not hold this note.');
      const doc = readEntry(store, entry.section, entry.entry, { files: false });
      return { fields: doc.json, time: doc.deleted ? snapshot.time : timeOf(doc.json, snapshot.time), deleted: doc.deleted };
    } catch (error) {
      if (error instanceof ObjectError) throw new UserError(`That version cannot be read: the snapshot store is damaged (${error.message}).`);
      throw error;
    } finally {
      store.close();
    }
  }
  const rev = key.slice(4);
  try {
    const doc = (await db.get(noteId, { rev })) as unknown as Fields & { _deleted?: boolean };
    return { fields: doc, time: timeOf(doc, new Date(0).toISOString()), deleted: doc._deleted === true };
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw new UserError('That version is no longer in the database (it was compacted).');
    throw error;
  }
}

export async function readVersion(db: Database, folder: string | null, noteId: string, key: string): Promise<NoteVersion> {
  const { fields, time, deleted } = await versionFields(db, folder, noteId, key);
  return {
    key,
    title: deleted ? '' : String(fields.title ?? ''),
    body: deleted ? '' : String(fields.body ?? ''),
    time,
    bookId: deleted || typeof fields.bookId !== 'string' ? null : fields.bookId,
    tags: deleted || !Array.isArray(fields.tags) ? [] : fields.tags.filter((t): t is string => typeof t === 'string'),
  };
}

/**
 * Makes a version the note's text as a new edit on top of its current
 * revision, through DocumentStore like any edit. A live note keeps its place
 * (its notebook, or the Trash); a note deleted forever comes back in the
 * Trash, remembering the notebook it was in (Restore from the Trash puts it back there).
 */
export async function restoreVersion(db: Database, folder: string | null, noteId: string, key: string, now = Date.now): Promise<{ noteId: string; inTrash: boolean }> {
  const { fields, deleted } = await versionFields(db, folder, noteId, key);
  if (deleted) throw new UserError('That version is the note’s deletion: choose a version with text.');
  const docs = new DocumentStore(db);
  const knownTags = new Set((await docs.allOfType('tag')).map((t: TagDoc) => t._id));
  const title = String(fields.title ?? '');
  const body = String(fields.body ?? '');
  const tags = (Array.isArray(fields.tags) ? fields.tags : []).filter((t): t is string => typeof t === 'string' && knownTags.has(t));
  const current = await docs.get<Fields & { _id: string; _rev: string }>(noteId);
  let next: Fields & { _id: string };
  const at = now();
  if (current) {
    next = { ...current, title, body, tags, ...countTasks(body), updatedAt: at, [RESTORED_AT]: at };
  } else {
    const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('_')));
    const from = typeof fields.bookId === 'string' && fields.bookId !== TRASH_BOOK_ID ? { trashedFrom: fields.bookId } : {};
    next = { ...rest, _id: noteId, title, body, tags, ...countTasks(body), bookId: TRASH_BOOK_ID, ...from, updatedAt: at, [RESTORED_AT]: at };
    if (typeof next.createdAt !== 'number') next.createdAt = at;
  }
  delete next._rev;
  await writeOnTop(docs, next);
  return { noteId, inTrash: next.bookId === TRASH_BOOK_ID };
}
