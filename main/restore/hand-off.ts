// How the reader thread hands what it read to the main thread, so that no
// item is lost on the way and neither side can wait forever.
//
// A message between threads is a structured clone, and cloning can fail on
// either side: while sending (postMessage throws: a value that cannot be
// cloned, a stack overflow on a deeply nested value), or while receiving (the
// main thread has a smaller stack than a worker, so a value the reader could
// send can overflow it: the message is dropped and only a 'messageerror'
// event says so, without saying which). A chunk that cannot be sent is sent
// again item by item; a message the main thread could not read is named by
// its sequence number (messages arrive in order) and the reader sends its
// items again one by one. An item that cannot be handed over even alone
// becomes a skipped item with the reason; if even that cannot be sent, the
// reader reports an error, and if that is lost too it closes its end. On the
// main thread, the wait for the next message also ends on the reader's error,
// its exit or closed channel, and on the abort signal.
import type { ReadItem } from './read-docs';
import { WINDOW_BYTES, type FromReader, type ToReader } from './reader-protocol';

/** The reader's end: a worker's parentPort (or any MessagePort). */
export interface SenderPort {
  postMessage(message: FromReader): void;
  on(event: 'message', listener: (message: ToReader) => void): unknown;
  close(): void;
}

/** The main thread's end: the Worker (or the other MessagePort of a channel). */
export interface ReceiverEndpoint {
  postMessage(message: ToReader): void;
  on(event: string, listener: (value: unknown) => void): unknown;
  off(event: string, listener: (value: unknown) => void): unknown;
}

/** Thrown when not even an item's skip (or the reader's error) can be handed over: the reader reports it and stops. */
export class HandOffError extends Error {
  override name = 'HandOffError';
}

const messageOf = (error: unknown): string => {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 500);
};

/** The reason listed for a file whose document could not be handed from the reader thread to the restore. */
export const handOverReason = (cause: string) => `it could not be handed over from the reader thread (${cause})`;

const pathOf = (item: ReadItem): string | null => (item.kind === 'doc' ? item.rel : item.kind === 'skip' ? item.path : null);
const bytesOf = (item: ReadItem): number => (item.kind === 'doc' ? item.bytes : 0);

interface Sent {
  items: ReadItem[];
  bytes: number;
  /** The skip that stands for an item that could not be handed over: if it is lost too, there is nothing left to send. */
  lastResort: boolean;
}

/**
 * The reader thread's side: sends chunks under credit (at most `window`
 * chunks, or WINDOW_BYTES, not yet taken), keeps each until it is taken so
 * it can be sent again item by item, and says `done` only once every chunk
 * was taken.
 */
export class ItemSender {
  private nextSeq = 0;
  private readonly inFlight = new Map<number, Sent>();
  private inFlightBytes = 0;
  private wake: (() => void) | null = null;
  private failed = false;

  constructor(
    private readonly port: SenderPort,
    private readonly window: number,
    private readonly windowBytes = WINDOW_BYTES,
  ) {
    port.on('message', (message) => {
      if (this.failed) {
        // The error was sent; a message lost after it (the error itself?) leaves nothing to say: close, which the main thread sees.
        if (message.type === 'lost') this.port.close();
        return;
      }
      try {
        if (message.type === 'credit') this.release(message.seq);
        else if (message.type === 'lost') this.resend(message.seq, message.reason);
      } catch (error) {
        this.fail(error);
      }
      this.notify();
    });
  }

  /** Sends one chunk, once credit allows. */
  async send(items: ReadItem[], bytes: number): Promise<void> {
    while (!this.failed && (this.inFlight.size >= this.window || (this.inFlight.size > 0 && this.inFlightBytes + bytes > this.windowBytes))) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failed) throw new HandOffError('the reader thread stopped after a hand-off failed');
    this.post(items, bytes);
  }

  /** Waits until every chunk was taken (or sent again and taken), then says so. */
  async finish(peakBytes: number): Promise<void> {
    while (!this.failed && this.inFlight.size > 0) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failed) return;
    this.port.postMessage({ type: 'done', seq: this.nextSeq++, peakBytes });
  }

  /** Reports the reader's failure (once); if even that cannot be sent, closes the channel, which the main thread sees. */
  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.notify();
    try {
      this.port.postMessage({ type: 'error', seq: this.nextSeq++, message: String((error as Error)?.stack ?? error) });
    } catch {
      this.port.close();
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }

  private release(seq: number): Sent | undefined {
    const sent = this.inFlight.get(seq);
    if (sent) {
      this.inFlight.delete(seq);
      this.inFlightBytes -= sent.bytes;
    }
    return sent;
  }

  /** Posts `items` as one message; null when posted, else why not. The sequence number is used only by a message really sent. */
  private tryPost(items: ReadItem[], bytes: number, lastResort = false): unknown {
    const seq = this.nextSeq;
    try {
      this.port.postMessage({ type: 'items', seq, items });
    } catch (error) {
      return error ?? new Error('postMessage failed');
    }
    this.nextSeq++;
    this.inFlight.set(seq, { items, bytes, lastResort });
    this.inFlightBytes += bytes;
    return null;
  }

  /** A chunk; if it cannot be cloned as a whole, item by item, so only what cannot be sent is replaced by its skip. */
  private post(items: ReadItem[], bytes: number): void {
    if (this.tryPost(items, bytes) === null) return;
    for (const item of items) this.postAlone(item);
  }

  /** One item in a message of its own; when that fails (or already failed: `cause`), its skip with the reason. */
  private postAlone(item: ReadItem, cause?: string): void {
    if (cause === undefined) {
      const error = this.tryPost([item], bytesOf(item));
      if (error === null) return;
      cause = messageOf(error);
    }
    const path = pathOf(item);
    if (path === null) throw new HandOffError(`an item could not be handed over from the reader thread (${cause})`);
    const stand = this.tryPost([{ kind: 'skip', path, reason: handOverReason(cause) }], 0, true);
    if (stand !== null) throw new HandOffError(`${path} could not be handed over from the reader thread, nor its reason (${messageOf(stand)})`);
  }

  /** The main thread could not read message `seq`: its items again, one by one; a lone item lost again becomes its skip. */
  private resend(seq: number, reason: string): void {
    const lost = this.release(seq);
    if (!lost || lost.lastResort) throw new HandOffError(`a message from the reader thread could not be read (${reason})`);
    if (lost.items.length === 1) this.postAlone(lost.items[0]!, reason);
    else for (const item of lost.items) this.postAlone(item);
  }
}

export interface ReceiveOptions {
  /** Aborting ends the items at once, whatever the reader is doing. */
  signal?: AbortSignal;
  /** Called with the reader's report at its end. */
  onDone?: (peakBytes: number) => void;
}

/**
 * The main thread's side: the items the reader sends, in order, granting
 * credit once each chunk is taken. Ends when the reader says `done`, or when
 * the signal aborts; throws when the reader reports an error, fails, exits or
 * closes its channel before its end. Never waits for a message that cannot
 * come.
 */
export async function* receiveItems(endpoint: ReceiverEndpoint, options: ReceiveOptions = {}): AsyncGenerator<ReadItem> {
  const { signal, onDone } = options;
  const inbox: FromReader[] = [];
  /** The sequence number of the reader's next message. */
  let expected = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const fail = (error: Error) => {
    failure ??= error;
    notify();
  };
  const onMessage = (value: unknown) => {
    const message = value as FromReader;
    if (message?.seq !== expected) return fail(new Error(`a message from the restore's reader thread is out of order (${message?.seq}, expected ${expected})`));
    expected++;
    inbox.push(message);
    notify();
  };
  const onMessageError = (error: unknown) => {
    // A message came but could not be read here; messages come in order, so it is the next one.
    const seq = expected++;
    try {
      endpoint.postMessage({ type: 'lost', seq, reason: messageOf(error) } satisfies ToReader);
    } catch (postError) {
      fail(new Error(`a message from the restore's reader thread could not be read (${messageOf(error)}), nor asked for again (${messageOf(postError)})`));
    }
  };
  const onError = (error: unknown) => fail(error instanceof Error ? error : new Error(String(error)));
  const onExit = (code: unknown) => fail(new Error(`the restore's reader thread stopped before its end (exit code ${code})`));
  const onClose = () => fail(new Error("the restore's reader thread closed its channel before its end"));
  endpoint.on('message', onMessage);
  endpoint.on('messageerror', onMessageError);
  endpoint.on('error', onError);
  endpoint.on('exit', onExit);
  endpoint.on('close', onClose);
  signal?.addEventListener('abort', notify);
  try {
    for (;;) {
      while (inbox.length === 0 && !failure && !signal?.aborted) await new Promise<void>((resolve) => (wake = resolve));
      if (signal?.aborted) return;
      const message = inbox.shift();
      if (!message) throw failure!;
      if (message.type === 'done') {
        onDone?.(message.peakBytes);
        return;
      }
      if (message.type === 'error') throw new Error(`reading the backup folder failed: ${message.message}`);
      for (const item of message.items) {
        yield item;
        if (signal?.aborted) return;
      }
      endpoint.postMessage({ type: 'credit', seq: message.seq } satisfies ToReader);
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    endpoint.off('message', onMessage);
    endpoint.off('messageerror', onMessageError);
    endpoint.off('error', onError);
    endpoint.off('exit', onExit);
    endpoint.off('close', onClose);
  }
}
