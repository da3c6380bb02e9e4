// The folder's document files, read and parsed with bounded parallelism:
// each item is a document, a skipped file with its reason, or a file in
// _deleted/ (counted only).
import { SkipError } from '../backup-format/errors';
import type { FolderLayout } from './layout';
import { MAX_FILE_BYTES, READ_CONCURRENCY } from './limits';
import { mapWindow } from '../util/concurrency';
import { parseDocFile, type ParsedDoc } from './parse-doc';
import { readBounded, readBoundedSync } from '../backup-format/safe-read';
import { walkBackup, type DocFile, type WalkItem } from './walk';

export type ReadItem =
  /** `rel`: the file, relative to the folder with `/` (its attachments are in the same folder). */
  | { kind: 'doc'; rel: string; doc: ParsedDoc; bytes: number }
  | { kind: 'skip'; path: string; reason: string }
  /** A document held as deleted: a file in _deleted/ (or a document file that says so); `inSnapshot`: an entry of a snapshot's deleted tree. */
  | { kind: 'deleted'; inSnapshot?: boolean };

/** An extra check run on each parsed document, in parallel with the reads (the scan verifies attachments here). */
export type DocCheck = (doc: ParsedDoc, file: DocFile) => Promise<void>;

export interface ReadOptions {
  check?: DocCheck;
  /**
   * Read each file with blocking calls, one after the other: several times
   * faster than the thread pool for small files, so only for a thread that
   * does nothing else (the reader worker).
   */
  sync?: boolean;
}

export async function* readDocs(layout: FolderLayout, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const { check, sync } = options;
  const parse = (file: DocFile, bytes: Buffer) => parseDocFile(bytes, { typeDir: file.typeDir, name: file.name, quireNames: layout.quire });
  const skipped = (file: DocFile, error: unknown): ReadItem => {
    if (error instanceof SkipError) return { kind: 'skip', path: file.rel, reason: error.reason };
    throw error;
  };
  if (sync && !check) {
    // The reader thread's path: no wait between a file and the next but the walk's.
    for await (const item of walkBackup(layout)) {
      if (item.kind !== 'doc') {
        yield item;
        continue;
      }
      const { file } = item;
      try {
        const bytes = readBoundedSync(file.abs, MAX_FILE_BYTES, 'the file', layout.root);
        yield { kind: 'doc', rel: file.rel, doc: parse(file, bytes), bytes: bytes.length };
      } catch (error) {
        yield skipped(file, error);
      }
    }
    return;
  }
  const read = async (item: WalkItem): Promise<ReadItem> => {
    if (item.kind !== 'doc') return item;
    const { file } = item;
    try {
      const bytes = sync ? readBoundedSync(file.abs, MAX_FILE_BYTES, 'the file', layout.root) : await readBounded(file.abs, MAX_FILE_BYTES, 'the file', layout.root);
      const doc = parse(file, bytes);
      if (check && !doc.deleted) await check(doc, file);
      return { kind: 'doc', rel: file.rel, doc, bytes: bytes.length };
    } catch (error) {
      return skipped(file, error);
    }
  };
  if (sync) {
    for await (const item of walkBackup(layout)) yield await read(item);
  } else {
    yield* mapWindow(walkBackup(layout), READ_CONCURRENCY, read);
  }
}

/** How many document files the folder holds (data/ only): the restore's progress total. */
export async function countDocFiles(layout: FolderLayout, signal?: AbortSignal): Promise<number> {
  let count = 0;
  for await (const item of walkBackup(layout)) {
    if (signal?.aborted) break;
    if (item.kind !== 'deleted') count++;
  }
  return count;
}
