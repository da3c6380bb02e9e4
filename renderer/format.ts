// Dates and counts as a notes app shows them: recent times relative ("5 min
// ago"), older ones as a date, in the user's own locale.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Building an Intl formatter costs far more than using one, and the note list
// formats a date for every row it draws while scrolling: keep them.
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatUpdated(ms: number, now = Date.now(), locale?: string): string {
  const age = now - ms;
  if (age < MINUTE && age > -MINUTE) return 'Just now';
  const relative = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (age > 0 && age < HOUR) return relative.format(-Math.round(age / MINUTE), 'minute');
  if (age > 0 && age < DAY) return relative.format(-Math.round(age / HOUR), 'hour');
  if (age > 0 && age < 7 * DAY) return relative.format(-Math.round(age / DAY), 'day');
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return cached(`${sameYear ? 'short' : 'medium'}:${locale}`, () =>
    new Intl.DateTimeFormat(locale, sameYear ? { month: 'short', day: 'numeric' } : { dateStyle: 'medium' })).format(ms);
}

/** "Tuesday, 3 March 2026 at 14:05" style, for the note's header. */
export function formatFullDate(ms: number, locale?: string): string {
  return cached(`full:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' })).format(ms);
}

export function formatCount(n: number, one: string, many: string, locale?: string): string {
  return `${new Intl.NumberFormat(locale).format(n)} ${n === 1 ? one : many}`;
}

/** Most notes open with their title as a heading: the list's snippet need not say it twice. */
export function snippetWithoutTitle(note: { title: string; snippet: string }): string {
  const title = note.title.trim();
  return title && note.snippet.startsWith(title) ? note.snippet.slice(title.length).trimStart() : note.snippet;
}

/** The body without a first `# Title` line that only repeats the title shown above it. */
export function bodyWithoutTitle(title: string, body: string): string {
  const match = /^#[ \t]+(.*)\r?\n/.exec(body);
  return match && match[1]!.trim() === title.trim() ? body.slice(match[0].length).replace(/^\s*\n/, '') : body;
}
