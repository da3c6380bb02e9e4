// `salvage --markdown`: the salvaged notes also as Markdown files, by the
// app's own export (main/export, File › Export › All Notes…). The live
// documents that reach the backup folder are also written to a clean
// temporary database, and the export runs over that one, never over the
// (possibly damaged) copy of the source.
import fs from 'node:fs';
import type { BackupDoc } from '../backup/index';
import { DocumentStore } from '../db/document-store';
import { openDatabase, type Database } from '../db/open-database';
import { ExportTargetError, exportAllNotes, type ExportError } from '../export/index';

export interface MarkdownOutcome {
  /** Where the Markdown files are. */
  folder: string;
  /** False when nothing could be written (reason says why). */
  written: boolean;
  reason?: string;
  /** Notes written as .md files (notes in the trash are not exported). */
  notes: number;
  /** Notes that could not be written, each with why. */
  errors: ExportError[];
}

/** A clean database holding what was salvaged, for the export. */
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

export async function exportMarkdown(db: Database, folder: string, onProgress?: (done: number, total: number) => void): Promise<MarkdownOutcome> {
  try {
    const result = await exportAllNotes(new DocumentStore(db), folder, onProgress ? { onProgress } : {});
    return { folder: result.folder, written: true, notes: result.notes, errors: result.errors };
  } catch (error) {
    if (error instanceof ExportTargetError) return { folder, written: false, reason: error.message, notes: 0, errors: [] };
    throw error;
  }
}
