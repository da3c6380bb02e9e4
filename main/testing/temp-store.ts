// Test helper: a real PouchDB database in a fresh temporary folder, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';

export async function withTempStore<T>(fn: (store: DocumentStore, dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-test-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    return await fn(new DocumentStore(db), dir);
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
