// Every note's summary, handed to a window in pages. At 200,000 notes the
// whole list is 70 MB of JSON: as one answer it held the host's thread for
// half a second and the window's socket for one and a half, and every small
// answer (a search typed at start-up) waited behind it. A window's first call
// fixes the list it gets (the summaries as they are at that moment); later
// changes reach it as 'notes.changed' events, as they always have. Offsets
// into the live list would skip a note whenever an earlier one is deleted
// between two pages.
import crypto from 'node:crypto';
import type { NoteSummary, SummaryPage } from '../../shared/types';
import { LISTING_GONE } from '../../shared/contract/client';

/** About 1.7 MB of JSON: a small answer waits behind one page, some tens of milliseconds (10,000 answered searches later). */
export const SUMMARY_PAGE_SIZE = 5_000;
/** A window that stops asking (closed, reloaded) leaves its list behind; it goes after this long. */
const LISTING_TTL_MS = 60_000;
const MAX_LISTINGS = 8;

interface Listing {
  notes: NoteSummary[];
  touched: number;
}

/** The list a cursor names is gone: the window starts its list again from the first page. */
export class ListingGoneError extends Error {
  constructor() {
    super('The note list took too long to load and has to start again.');
    this.name = LISTING_GONE;
  }
}

export class SummaryPages {
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly pageSize = SUMMARY_PAGE_SIZE, private readonly now: () => number = Date.now) {}

  /** The first page of `all()` (no cursor), or the page a cursor from an earlier answer names. */
  page(cursor: string | undefined, all: () => NoteSummary[]): SummaryPage {
    this.forgetStale();
    if (cursor === undefined) {
      const notes = all();
      if (notes.length <= this.pageSize) return { notes, next: null };
      const token = crypto.randomBytes(12).toString('base64url');
      this.listings.set(token, { notes, touched: this.now() });
      while (this.listings.size > MAX_LISTINGS) this.listings.delete(this.listings.keys().next().value!);
      return this.slice(token, 0);
    }
    const match = /^([\w-]{1,40}):(\d{1,9})$/.exec(cursor);
    if (!match || !this.listings.has(match[1]!)) throw new ListingGoneError();
    return this.slice(match[1]!, Number(match[2]));
  }

  private slice(token: string, offset: number): SummaryPage {
    const listing = this.listings.get(token)!;
    listing.touched = this.now();
    // Last in the map's order: too many lists at once drop the one asked least recently.
    this.listings.delete(token);
    this.listings.set(token, listing);
    const end = offset + this.pageSize;
    if (end >= listing.notes.length) {
      this.listings.delete(token);
      return { notes: listing.notes.slice(offset), next: null };
    }
    return { notes: listing.notes.slice(offset, end), next: `${token}:${end}` };
  }

  /** Drops the lists nobody has asked on for a minute (a window closed or reloaded mid-load). */
  private forgetStale(): void {
    const now = this.now();
    for (const [token, listing] of this.listings) {
      if (now - listing.touched > LISTING_TTL_MS) this.listings.delete(token);
    }
  }
}

/** Every page of one list, in order: for callers of the handlers outside a window (tests, benchmarks). */
export async function readEverySummary(ask: (args: { cursor?: string }) => Promise<SummaryPage> | SummaryPage): Promise<NoteSummary[]> {
  const out: NoteSummary[] = [];
  let page = await ask({});
  for (;;) {
    for (const note of page.notes) out.push(note);
    if (!page.next) return out;
    page = await ask({ cursor: page.next });
  }
}
