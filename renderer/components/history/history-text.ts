// The words of Note › History…: when a version is from and what changed in it.
import type { HistoryEntry, NoteHistory } from '../../../shared/contract/snapshot-requests';
import { formatCount } from '../../format';

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(key: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  let formatter = formatters.get(`${key}:${locale}`);
  if (!formatter) formatters.set(`${key}:${locale}`, (formatter = new Intl.DateTimeFormat(locale, options)));
  return formatter;
}

const dayStart = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);

/** "Today, 14:32", "Yesterday, 09:05", "Tue 3 Mar, 14:32", "3 Mar 2025, 14:32" (with seconds on request). */
export function formatVersionTime(iso: string, now = Date.now(), locale?: string, seconds = false): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'An unknown time';
  const time = seconds
    ? format('seconds', { hour: 'numeric', minute: '2-digit', second: '2-digit' }, locale).format(ms)
    : format('time', { hour: 'numeric', minute: '2-digit' }, locale).format(ms);
  const days = Math.round((dayStart(now) - dayStart(ms)) / 86_400_000);
  if (days === 0) return `Today, ${time}`;
  if (days === 1) return `Yesterday, ${time}`;
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  const date = sameYear
    ? format('day', { weekday: 'short', month: 'short', day: 'numeric' }, locale).format(ms)
    : format('date', { dateStyle: 'medium' }, locale).format(ms);
  return `${date}, ${time}`;
}

/** Labels for a list of times: to the minute, and to the second where two would read the same. */
export function timeLabels(times: readonly string[], now = Date.now(), locale?: string): string[] {
  const labels = times.map((t) => formatVersionTime(t, now, locale));
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label, (seen.get(label) ?? 0) + 1);
  return labels.map((label, i) => ((seen.get(label) ?? 0) > 1 ? formatVersionTime(times[i]!, now, locale, true) : label));
}

/** "+12 words −3 words" against the version before; the oldest one says so. */
export function describeChange(entry: HistoryEntry, oldest: boolean, locale?: string): string {
  if (entry.deleted) return 'Deleted forever';
  if (oldest) return 'The oldest version kept';
  const words: string[] = [];
  if (entry.wordsAdded) words.push(`+${formatCount(entry.wordsAdded, 'word', 'words', locale)}`);
  if (entry.wordsRemoved) words.push(`\u2212${formatCount(entry.wordsRemoved, 'word', 'words', locale)}`);
  const moved = entry.moved === 'toTrash' ? 'Moved to the Trash' : entry.moved === 'fromTrash' ? 'Restored from the Trash' : null;
  if (moved) return words.length ? `${moved} · ${words.join(' ')}` : moved;
  return words.length ? words.join(' ') : 'No words changed';
}

/**
 * "Snapshot", or "Saved" for a save the local database still has (no snapshot
 * holds it); "5 saves" for a writing session grouped into one entry.
 */
export function describeSource(entry: HistoryEntry, locale?: string): string {
  // A deletion was not a save of text: its line ("Deleted forever") says what it is.
  if (entry.deleted) return entry.source === 'snapshot' ? 'Snapshot' : '';
  const saves = formatCount(entry.saves, 'save', 'saves', locale);
  if (entry.source === 'snapshot') return entry.saves > 1 ? `Snapshot · ${saves}` : 'Snapshot';
  return entry.saves > 1 ? saves : 'Saved';
}

/** The entry chosen when the dialog opens: the newest that is not the current text. */
export function firstEarlier(history: NoteHistory): HistoryEntry | null {
  return history.entries.find((e) => !e.current && !e.deleted) ?? null;
}

/** What the dialog says when there is nothing earlier to go back to. */
export function emptyHistoryText(hasBackupFolder: boolean): string {
  return hasBackupFolder
    ? 'No earlier versions yet: Quire keeps one each time a snapshot is taken (every few minutes while you write) and the saves this computer still has.'
    : 'No earlier versions yet: Quire keeps the saves made on this computer for a while, and snapshots of every note once a backup folder is set in Preferences › Backup.';
}

