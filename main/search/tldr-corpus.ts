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

/**
 * The corpus, unpacked once per version of the archive (its size and mtime)
 * into a cache in the temporary folder that every test file of a run, and
 * later runs, share: READ-ONLY, write databases and exports elsewhere.
 * Made atomically (unpacked beside it, then renamed into place), so test
 * files running at the same time never see half of it; one that loses the
 * race uses the winner's. A cache something wrote into is refused: its top
 * level is listed beside it (<cache>.json) and compared on every use.
 */
export function tldrCorpusDir(): string {
  const archive = fs.statSync(TLDR_ARCHIVE);
  const dir = path.join(os.tmpdir(), `quire-tldr-cache-${archive.size}-${Math.trunc(archive.mtimeMs)}`);
  const manifest = `${dir}.json`;
  if (!fs.existsSync(dir)) {
    const staging = fs.mkdtempSync(`${dir}.unpacking-`);
    try {
      execFileSync('tar', ['-xzf', TLDR_ARCHIVE, '-C', staging]);
      // The list first (the same whoever writes it), then the folder: where the folder is, its list is.
      fs.writeFileSync(`${staging}.json`, JSON.stringify(fs.readdirSync(staging).sort()));
      fs.renameSync(`${staging}.json`, manifest);
      fs.renameSync(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another test file put its copy in place first: that one is used.
      if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(dir))) throw error;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
      fs.rmSync(`${staging}.json`, { force: true });
    }
  }
  const expected = JSON.stringify(JSON.parse(fs.readFileSync(manifest, 'utf8')));
  const found = fs.readdirSync(dir).sort();
  if (JSON.stringify(found) !== expected) {
    throw new Error(`the shared corpus ${dir} has been written into (its top level is ${found.join(', ')}, not ${expected}): write elsewhere, and delete it to unpack it again`);
  }
  return dir;
}

/**
 * The corpus for a test: the shared read-only cache (tldrCorpusDir), not a
 * copy of its own. `remove()` does nothing; it is kept for the callers that
 * used to get a fresh copy to delete.
 */
export function unpackTldrCorpus(): { dir: string; remove(): void } {
  return { dir: tldrCorpusDir(), remove: () => undefined };
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
