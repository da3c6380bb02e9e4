// Turns images that imported notes link by relative path into `file:`
// documents holding the bytes, once per image however many notes link it.
// Only files inside the imported folder are read: a note must not pull in
// arbitrary files from elsewhere on the disk through `../../` or a link.
import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_ATTACHMENT_BYTES, type FileDoc } from '../../shared/schema';
import type { SkippedItem } from '../../shared/types';
import { newId } from '../../shared/ids';
import { imageContentType } from './content-types';
import { describeFsError } from './fs-errors';
import { isInsideFolder } from './inside-folder';

/** The file id, or null when the link stays as it is (with the reason, if the user should know). */
type Attached = { fileId: string } | { fileId: null; skipped?: SkippedItem };

// Above this many bytes of pending images, write them before reading more.
const FLUSH_BYTES = 32 * 1024 * 1024;

export const fileUrl = (fileId: string) => `quire://${fileId}`;

export class ImageAttacher {
  private readonly seen = new Map<string, Promise<Attached>>();
  private pending: FileDoc[] = [];
  private pendingBytes = 0;
  created = 0;

  constructor(
    private readonly root: string,
    private readonly realRoot: string,
    private readonly now: number,
    private readonly write: (docs: FileDoc[]) => Promise<unknown>,
  ) {}

  /**
   * The file id for an image linked from `notePath` as `target`. Each image
   * is reported at most once, from the first note that links it.
   */
  async attach(notePath: string, target: string): Promise<{ fileId: string | null; skipped?: SkippedItem }> {
    const abs = path.resolve(path.dirname(notePath), target);
    let promise = this.seen.get(abs);
    if (promise) {
      const earlier = await promise;
      return { fileId: earlier.fileId };
    }
    promise = this.read(abs, notePath);
    this.seen.set(abs, promise);
    return promise;
  }

  private async read(abs: string, notePath: string): Promise<Attached> {
    const contentType = imageContentType(abs);
    if (!contentType) return { fileId: null };
    const from = `linked from ${notePath}`;
    const skip = (reason: string): Attached => ({ fileId: null, skipped: { path: abs, reason: `${reason} (${from}); the link was kept as it is` } });
    if (!isInsideFolder(this.root, abs)) return skip('the image is outside the imported folder');
    let bytes: Buffer;
    try {
      const real = await fs.realpath(abs);
      if (!isInsideFolder(this.realRoot, real)) return skip('the image is a link to a file outside the imported folder');
      const stat = await fs.stat(real);
      if (!stat.isFile()) return skip('the image path is not a file');
      if (stat.size > MAX_ATTACHMENT_BYTES) return skip('the image is larger than the 10 MiB an attachment may be');
      bytes = await fs.readFile(real);
    } catch (error) {
      const code = (error as { code?: string }).code;
      return skip(code === 'ENOENT' ? 'the image was not found' : `the image could not be read: ${describeFsError(error)}`);
    }
    const fileId = newId('file');
    this.pending.push({
      _id: fileId,
      name: path.basename(abs),
      contentType,
      contentLength: bytes.length,
      createdAt: this.now,
      publicIn: [],
      _attachments: { index: { content_type: contentType, data: bytes } },
    });
    this.pendingBytes += bytes.length;
    this.created += 1;
    if (this.pendingBytes > FLUSH_BYTES) await this.flush();
    return { fileId };
  }

  async flush(): Promise<void> {
    const docs = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (docs.length) await this.write(docs);
  }
}
