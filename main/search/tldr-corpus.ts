// Loads the tldr-pages corpus (../shared/corpora) as searchable notes, for the
// search tests and benchmark. Each folder `pages.<lang>/<platform>` is a
// notebook "<platform>" inside a notebook "pages.<lang>"; the platform is also a tag.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoteStatus } from '../../shared/schema';
import type { SearchableNote, SearchContext } from './search-index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TLDR_ARCHIVE = path.resolve(repoRoot, '../shared/corpora/tldr-pages.tar.gz');

/** Unpacks the corpus into a new temporary folder; call `remove()` when done. */
export function unpackTldrCorpus(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-tldr-'));
  execFileSync('tar', ['-xzf', TLDR_ARCHIVE, '-C', dir]);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface CorpusNote extends SearchableNote {
  /** Path of the page inside the corpus, e.g. `pages.zh/common/tar.md`. */
  file: string;
}

const STATUSES: readonly NoteStatus[] = ['none', 'active', 'onHold', 'completed', 'dropped'];

/**
 * The pages of the given top-level folders (all when omitted), sorted by path.
 * Title = the first `# ` heading, body = the whole file, status cycles through
 * the statuses so that status: queries have something to find.
 */
export function readCorpusNotes(dir: string, folders?: readonly string[]): CorpusNote[] {
  const tops = folders ?? fs.readdirSync(dir).filter((name) => name.startsWith('pages')).sort();
  const notes: CorpusNote[] = [];
  for (const top of tops) {
    for (const platform of fs.readdirSync(path.join(dir, top)).sort()) {
      const folder = path.join(dir, top, platform);
      for (const name of fs.readdirSync(folder).sort()) {
        if (!name.endsWith('.md')) continue;
        const body = fs.readFileSync(path.join(folder, name), 'utf8');
        const file = `${top}/${platform}/${name}`;
        notes.push({
          _id: `note:${file}`,
          file,
          title: /^# (.+)$/m.exec(body)?.[1]?.trim() ?? name.slice(0, -3),
          body,
          bookId: `book:${top}/${platform}`,
          tags: [`tag:${platform}`],
          status: STATUSES[notes.length % STATUSES.length]!,
        });
      }
    }
  }
  return notes;
}

/**
 * Resolves notebook and tag names the way the app does for the corpus layout:
 * `book:pages.zh` is the language notebook with all its platform notebooks,
 * `book:linux` every language's linux notebook, `tag:linux` the platform tag.
 */
export function corpusContext(notes: readonly SearchableNote[]): SearchContext {
  const books = new Map<string, Set<string>>();
  const add = (name: string, id: string) => {
    const key = name.toLowerCase();
    if (!books.has(key)) books.set(key, new Set());
    books.get(key)!.add(id);
  };
  for (const { bookId } of notes) {
    const [top, platform] = bookId.slice('book:'.length).split('/') as [string, string];
    add(top, bookId);
    add(platform, bookId);
  }
  const tags = new Set(notes.flatMap((n) => n.tags ?? []));
  return {
    booksNamed: (name) => books.get(name.toLowerCase()) ?? new Set(),
    tagsNamed: (name) => {
      const id = `tag:${name.toLowerCase()}`;
      return tags.has(id) ? new Set([id]) : new Set();
    },
  };
}
