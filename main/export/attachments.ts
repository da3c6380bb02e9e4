// Attachments of exported notes: each file a note links is written once
// into the `_attachments/` folder beside that note (per notebook folder),
// named after the file (its extension matching its type, so other apps and
// the importer know it), and the note's link points there.
//
// Names are decided in the order notes and their links are met (notes in id
// order), one at a time, so they are the same on every export of the same
// database; the bytes are written later, by the first note that needs them.
import fs from 'node:fs/promises';
import { getOrNull } from '../db/get-or-null';
import type { Database } from '../db/open-database';
import type { FileDoc } from '../../shared/schema';
import type { AtomicWriter } from '../backup/atomic-write';
import { extensionFor } from '../backup-format/file-name';
import { imageContentType } from '../import/content-types';
import { ATTACHMENT_NAME } from '../attachments/read-attachment';
import { ATTACHMENTS_FOLDER, FolderNames, fileNameBudget, NOTE_EXTENSION } from './file-names';
import { linkPath } from './attachment-links';
import type { NotebookFolder } from './notebook-folders';

interface FileInfo {
  name: string;
  contentType: string;
  createdAt: number;
}

export type Placed = { link: string; write: () => Promise<void> } | { reason: string };

export class AttachmentExporter {
  private readonly files = new Map<string, FileInfo | string>();
  private readonly names = new Map<string, FolderNames>();
  private readonly placed = new Map<string, Placed>();
  /** Attachment files written so far. */
  written = 0;

  constructor(
    private readonly db: Database,
    private readonly writer: AtomicWriter,
  ) {}

  /** Where the note in `folder` finds file `fileId` (relative link), or why it cannot. */
  async place(folder: NotebookFolder, fileId: string): Promise<Placed> {
    const key = `${folder.rel}\u0000${fileId}`;
    const known = this.placed.get(key);
    if (known) return known;
    const info = await this.info(fileId);
    let placed: Placed;
    if (typeof info === 'string') placed = { reason: info };
    else {
      const names = this.names.get(folder.rel) ?? new FolderNames([]);
      this.names.set(folder.rel, names);
      const { stem, ext } = fileNameOf(info);
      const name = names.claim(stem, ext, fileNameBudget(folder.rel.length + 1 + ATTACHMENTS_FOLDER.length), 'attachment');
      const rel = `${folder.rel}/${ATTACHMENTS_FOLDER}/${name}`;
      let writing: Promise<void> | null = null;
      placed = {
        link: linkPath(`${ATTACHMENTS_FOLDER}/${name}`),
        write: () => (writing ??= this.write(fileId, rel, info.createdAt)),
      };
    }
    this.placed.set(key, placed);
    return placed;
  }

  private async info(fileId: string): Promise<FileInfo | string> {
    const cached = this.files.get(fileId);
    if (cached !== undefined) return cached;
    const doc = await getOrNull<FileDoc>(this.db, fileId);
    const stub = doc?._attachments?.[ATTACHMENT_NAME];
    const info: FileInfo | string = !doc
      ? `it links ${fileId}, which is not in the database; the link was kept`
      : stub
        ? { name: String(doc.name ?? ''), contentType: stub.content_type || String(doc.contentType ?? ''), createdAt: Number(doc.createdAt) || 0 }
        : `it links ${fileId}, which has no data; the link was kept`;
    this.files.set(fileId, info);
    return info;
  }

  private async write(fileId: string, rel: string, createdAt: number): Promise<void> {
    const data = (await this.db.getAttachment(fileId, ATTACHMENT_NAME)) as Buffer;
    await this.writer.write(rel, data, { deferDirSync: true });
    const when = new Date(createdAt);
    await fs.utimes(this.writer.resolve(rel), when, when);
    this.written += 1;
  }
}

/**
 * The attachment's name split into stem and extension. The extension is
 * the name's own when it fits the type (`photo.jpeg`), else the type's
 * (`image-3` → `image-3.png`); never `.md`, which an import would read as a note.
 */
function fileNameOf(info: FileInfo): { stem: string; ext: string } {
  const dot = info.name.lastIndexOf('.');
  const own = dot > 0 ? info.name.slice(dot) : '';
  const type = info.contentType.split(';')[0]!.trim().toLowerCase();
  const typeExt = `.${extensionFor(type)}`;
  if (/^\.[A-Za-z0-9]{1,10}$/.test(own) && (imageContentType(own) === type || own.toLowerCase() === typeExt)) {
    return { stem: info.name.slice(0, dot), ext: own };
  }
  return { stem: info.name, ext: typeExt.toLowerCase() === NOTE_EXTENSION ? '.md.txt' : typeExt };
}
