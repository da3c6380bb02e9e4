// The 200k-note profile of issue 16: the tldr corpus five times over, with
// distinct ids, as a real Quire user-data folder (LevelDB through PouchDB).
// Writing 192k notes takes minutes on this 2-core machine, so the profile is
// made once and cached in the temporary folder (keyed by the archive's size
// and mtime, like the unpacked corpus), atomically: built beside it and
// renamed into place. Use copyScaleProfile() for anything that writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../main/db/open-database';
import { databasePath } from '../main/app/paths';
import type { NoteDoc } from '../shared/schema';
import { readCorpusNotes, tldrCorpusDir, TLDR_ARCHIVE, type CorpusNote } from '../main/search/tldr-corpus';

export const SCALE_COPIES = 5;
const FORMAT = 1;
const BATCH = 2000;

/** The corpus notes `copies` times, each copy with its own ids (`note:c<n>/<file>`), same notebooks and tags. */
export function scaleNotes(copies = SCALE_COPIES): CorpusNote[] {
  const base = readCorpusNotes(tldrCorpusDir());
  const out: CorpusNote[] = [];
  for (let c = 0; c < copies; c++) {
    for (const n of base) out.push({ ...n, _id: c === 0 ? n._id : `note:c${c}/${n.file}` });
  }
  return out;
}

function noteDoc(n: CorpusNote, i: number): NoteDoc {
  const time = 1_700_000_000_000 + i * 1000;
  return {
    _id: n._id, title: n.title, body: n.body, doctype: 'markdown', bookId: n.bookId, tags: [...(n.tags ?? [])],
    status: n.status ?? 'none', share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0,
    createdAt: time, updatedAt: time,
  };
}

/**
 * A user-data folder holding the 200k-note database (READ-ONLY: copy it
 * with copyScaleProfile before starting Quire on it, which writes caches).
 */
export async function scaleProfileDir(copies = SCALE_COPIES): Promise<{ dir: string; notes: number }> {
  const archive = fs.statSync(TLDR_ARCHIVE);
  const dir = path.join(os.tmpdir(), `quire-scale-profile-v${FORMAT}-x${copies}-${archive.size}-${Math.trunc(archive.mtimeMs)}`);
  const countFile = path.join(dir, 'notes-count');
  if (fs.existsSync(countFile)) return { dir, notes: Number(fs.readFileSync(countFile, 'utf8')) };
  const staging = fs.mkdtempSync(`${dir}.building-`);
  try {
    const notes = scaleNotes(copies);
    const db = openDatabase(databasePath(staging));
    try {
      const books = new Map<string, { _id: string; name: string; parentBookId: string | null }>();
      const tags = new Set<string>();
      for (const n of notes) {
        const [top, platform] = n.bookId.slice('book:'.length).split('/') as [string, string];
        books.set(`book:${top}`, { _id: `book:${top}`, name: top, parentBookId: null });
        books.set(n.bookId, { _id: n.bookId, name: platform, parentBookId: `book:${top}` });
        for (const t of n.tags ?? []) tags.add(t);
      }
      const meta = [
        ...[...books.values()].map((b) => ({ ...b, createdAt: 1, updatedAt: 1 })),
        ...[...tags].map((t) => ({ _id: t, name: t.slice('tag:'.length), color: 'default', createdAt: 1, updatedAt: 1 })),
      ];
      await db.bulkDocs(meta);
      for (let i = 0; i < notes.length; i += BATCH) {
        await db.bulkDocs(notes.slice(i, i + BATCH).map((n, j) => noteDoc(n, i + j) as unknown as Record<string, unknown>));
      }
    } finally {
      await db.close();
    }
    fs.writeFileSync(path.join(staging, 'notes-count'), String(notes.length));
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another run put its profile in place first: that one is used.
      const code = (error as NodeJS.ErrnoException).code;
      if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(countFile))) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { dir, notes: Number(fs.readFileSync(countFile, 'utf8')) };
}

/** A writable copy of the cached profile in `into` (the database files only: caches are the run's own). */
export async function copyScaleProfile(into: string, copies = SCALE_COPIES): Promise<{ dir: string; notes: number }> {
  const { dir, notes } = await scaleProfileDir(copies);
  fs.mkdirSync(into, { recursive: true });
  fs.cpSync(path.join(dir, 'db'), path.join(into, 'db'), { recursive: true });
  return { dir: into, notes };
}
