// Benchmark: importing the whole tldr-pages corpus (38k Markdown files, 40+
// languages) into a fresh database, as `quire import-markdown` does.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../main/db/open-database';
import { DocumentStore } from '../main/db/document-store';
import { importMarkdownFolder } from '../main/import/import-markdown';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpora/tldr-pages.tar.gz');

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Unpacks the corpus under tmpDir (not timed), then times the import into tmpDir/import-db. */
export async function benchImportCorpus(tmpDir: string): Promise<BenchResult[]> {
  const from = path.join(tmpDir, 'tldr-pages');
  fs.mkdirSync(from, { recursive: true });
  execFileSync('tar', ['-xzf', CORPUS, '-C', from]);
  const dbDir = path.join(tmpDir, 'import-db');
  fs.rmSync(dbDir, { recursive: true, force: true });
  const db = openDatabase(dbDir);
  try {
    const started = performance.now();
    const result = await importMarkdownFolder(new DocumentStore(db), from);
    const ms = performance.now() - started;
    const note = `${result.notes} notes, ${result.books} notebooks, ${result.skipped.length} skipped`;
    return [
      { name: 'import whole tldr corpus', value: Math.round(ms), unit: 'ms', note },
      { name: 'import rate', value: Math.round((result.notes / ms) * 1000), unit: 'notes/s' },
    ];
  } finally {
    await db.close();
  }
}
