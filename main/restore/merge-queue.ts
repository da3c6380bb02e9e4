// Documents on their way into a Merger, a batch at a time (BATCH_DOCS or
// BATCH_BYTES, whichever comes first), one batch written while the next is
// read, so reading and the database's work overlap. Restore from a folder
// and restore from a snapshot's tree both feed one.
import { BATCH_BYTES, BATCH_DOCS } from './limits';
import type { Merger, Pending } from './merge';

export class MergeQueue {
  private writing: Promise<void> = Promise.resolve();
  private batch: Pending[] = [];
  private batchBytes = 0;

  constructor(
    private readonly merger: Merger,
    private readonly options: {
      /** Checked before a batch is written: true drops it whole (a cancelled restore: nothing half-done). */
      dropWhen?: () => boolean;
      /** After each batch is written, with its number of documents. */
      onMerged?: (count: number) => void;
    } = {},
  ) {}

  /** Adds a document (`bytes`: its size with its attachments); a full batch is written, after the one before it. */
  async add(item: Pending, bytes: number): Promise<void> {
    this.batch.push(item);
    this.batchBytes += bytes;
    if (this.batch.length >= BATCH_DOCS || this.batchBytes >= BATCH_BYTES) await this.flush();
  }

  /** Starts writing what is queued, once the batch before it is written. */
  async flush(): Promise<void> {
    const items = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    if (items.length === 0) return;
    await this.writing;
    if (this.options.dropWhen?.()) return;
    const next = this.merger.merge(items).then(() => this.options.onMerged?.(items.length));
    next.catch(() => undefined); // observed when awaited; never an unhandled rejection meanwhile
    this.writing = next;
  }

  /** Resolves when the batch being written is written (or has failed), never rejecting: for `finally`. */
  settled(): Promise<void> {
    return this.writing.catch(() => undefined);
  }

  /** Resolves when the batch being written is written; rejects with its failure. */
  written(): Promise<void> {
    return this.writing;
  }
}
