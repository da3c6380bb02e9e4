// The window's page and script go out before the host loads PouchDB and the
// services. That load holds the host's event loop for 0.3 s on two cores: a
// window that asked for its script meanwhile got it only after, and then
// spent its own 0.3 s compiling and running it, one after the other (a 38k
// start: script asked at 0.33 s, sent at 0.5 s, the first rows at 1.0 s).
// Sent first, the window's work and the host's run side by side.
import { setTimeout as delay } from 'node:timers/promises';
import type { ServerResponse } from 'node:http';

/** How long the host waits for a window to ask for its page before loading anyway (none may come: a test, a browser still starting). */
const PAGE_WAIT_MS = 150;
/** How long a window that asked for its page may take to ask for and receive its script. */
const SCRIPT_WAIT_MS = 1000;

export class PageFirst {
  constructor(private readonly waits = { pageMs: PAGE_WAIT_MS, scriptMs: SCRIPT_WAIT_MS }) {}

  private pageAsked!: () => void;
  private scriptSent!: () => void;
  private readonly pageAskedOnce = new Promise<void>((resolve) => (this.pageAsked = resolve));
  private readonly scriptSentOnce = new Promise<void>((resolve) => (this.scriptSent = resolve));

  /** Told of each request for a renderer file, before it is answered. */
  noteRequest(pathname: string, res: ServerResponse): void {
    if (pathname === '/' || pathname.endsWith('.html')) this.pageAsked();
    // 'finish': the whole script handed to the system (a large one is written over several turns of the event loop).
    else if (pathname.endsWith('.js')) res.once('finish', () => this.scriptSent());
  }

  /** Resolves once a window has its script, or when none asked for a page in time. */
  async sent(): Promise<void> {
    const asked = await Promise.race([this.pageAskedOnce.then(() => true), delay(this.waits.pageMs, false)]);
    if (asked) await Promise.race([this.scriptSentOnce, delay(this.waits.scriptMs)]);
  }
}
