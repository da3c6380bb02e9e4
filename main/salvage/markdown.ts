// `salvage --markdown`: the salvaged notes also as Markdown files, like
// File › Export › All Notes…. The live documents that reach the backup
// folder are also written to a clean temporary database, and the app's
// Markdown export runs over that one (never over the damaged copy).
import fs from 'node:fs';
import type { BackupDoc } from '../backup/index';
import { openDatabase, type Database } from '../db/open-database';

export interface MarkdownOutcome {
  folder: string;
  /** False when nothing was written (reason says why). */
  written: boolean;
  reason?: string;
}

type MarkdownExporter = (db: Database, folder: string) => Promise<void>;

// ─── THE SEAM ──────────────────────────────────────────────────────────────
// The Markdown export (main/export) did not exist when salvage was written.
// Wire it here, and only here: an exporter that writes every note of `db`
// into `folder` as the app's File › Export › All Notes… does. Until then
// --markdown writes the backup folder and says the Markdown part was not done.
export const markdownExporter = null as MarkdownExporter | null;
// ───────────────────────────────────────────────────────────────────────────

export const MARKDOWN_UNAVAILABLE = 'Markdown export is not part of this version of Quire yet; the backup folder was written';

/** A clean database holding what was salvaged, for the exporter. */
export class SalvagedDatabase {
  readonly db: Database;

  constructor(readonly dir: string) {
    this.db = openDatabase(dir);
  }

  /** Each live document at its salvaged revision, with its history and attachments, as a replication would write it. */
  async add(docs: BackupDoc[]): Promise<void> {
    const rows = docs.map(({ doc, attachments }) => {
      const row: Record<string, unknown> = { ...doc };
      if (attachments.length > 0) {
        row._attachments = Object.fromEntries(
          attachments.map((a) => [a.name, { content_type: a.contentType, data: Buffer.from(a.data).toString('base64') }]),
        );
      }
      return row;
    });
    await this.db.bulkDocs(rows as never[], { new_edits: false });
  }

  async close(): Promise<void> {
    await this.db.close().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function exportMarkdown(db: Database | null, folder: string): Promise<MarkdownOutcome> {
  if (!markdownExporter || !db) return { folder, written: false, reason: MARKDOWN_UNAVAILABLE };
  fs.mkdirSync(folder, { recursive: true });
  await markdownExporter(db, folder);
  return { folder, written: true };
}
