// How long snapshots are kept (Preferences › Backup › Snapshots, "Keep"):
// the choices, each a schedule of four periods, and the schedule in words.
// The main process prunes by them (main/snapshots/maintenance.ts); each
// snapshot records the schedule it was taken under (its Quire-Keep trailer,
// docs/snapshot-format.md), so a prune by any installation, or by the CLI,
// applies each installation's own choice to that installation's snapshots.

/**
 * Why a snapshot was taken when not by the schedule (its Quire-Reason): just
 * before a restore to another snapshot (`before-restore-to <its time>`), or
 * before a restore from a backup folder.
 */
export const SNAPSHOT_REASONS = {
  beforeRestoreTo: 'before-restore-to',
  beforeRestoreFromFolder: 'before-restore-from-folder',
  /** Keep was changed to keep more: recorded at once, so no other installation's prune goes by the old one. */
  keepLonger: 'keep-longer',
  /** Taken whole to mend damage found in the store (take.ts, a fresh snapshot). */
  repair: 'repair',
  /** Taken whole: the database is not as the last snapshot left it (put back from an older copy). */
  databaseBehind: 'database-behind',
} as const;

/** Days each period lasts, counted from a snapshot's time; null: for ever (the periods after it never come). */
export interface RetentionSchedule {
  /** Every snapshot is kept this long… */
  allDays: number | null;
  /** …then the newest of each hour… */
  hourlyDays: number | null;
  /** …then the newest of each day… */
  dailyDays: number | null;
  /** …then the newest of each week; after that, none. */
  weeklyDays: number | null;
}

export const KEEP_CHOICES = ['standard', 'longer', 'shorter', 'everything'] as const;
export type KeepChoice = (typeof KEEP_CHOICES)[number];

export const DEFAULT_KEEP: KeepChoice = 'standard';

export const KEEP_SCHEDULES: Readonly<Record<KeepChoice, Readonly<RetentionSchedule>>> = {
  standard: { allDays: 2, hourlyDays: 14, dailyDays: 90, weeklyDays: null },
  longer: { allDays: 7, hourlyDays: 30, dailyDays: 365, weeklyDays: null },
  shorter: { allDays: 1, hourlyDays: 7, dailyDays: 30, weeklyDays: 365 },
  everything: { allDays: null, hourlyDays: null, dailyDays: null, weeklyDays: null },
};

/** The choice's name in the Keep menu. */
export const KEEP_LABELS: Readonly<Record<KeepChoice, string>> = {
  standard: 'Standard',
  longer: 'Longer',
  shorter: 'Shorter',
  everything: 'Every snapshot, forever',
};

/** "2 days", "2 weeks", "3 months", "1 year". */
function period(days: number): string {
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (days % 365 === 0) return count(days / 365, 'year');
  if (days % 30 === 0) return count(days / 30, 'month');
  if (days % 7 === 0) return count(days / 7, 'week');
  return count(days, 'day');
}

/** "every snapshot for 2 days, one an hour for 2 weeks, one a day for 3 months, one a week forever". */
export function describeSchedule(s: RetentionSchedule): string {
  const parts: string[] = [];
  const steps: [string, number | null][] = [['every snapshot', s.allDays], ['one an hour', s.hourlyDays], ['one a day', s.dailyDays], ['one a week', s.weeklyDays]];
  for (const [what, days] of steps) {
    if (days === null) {
      parts.push(`${what} forever`);
      return parts.join(', ');
    }
    parts.push(`${what} for ${period(days)}`);
  }
  return `${parts.join(', ')}, then none`;
}

/** The Quire-Keep trailer's value: `all 2d, hourly 14d, daily 90d, weekly forever`. */
export function encodeSchedule(s: RetentionSchedule): string {
  const d = (days: number | null) => (days === null ? 'forever' : `${days}d`);
  return `all ${d(s.allDays)}, hourly ${d(s.hourlyDays)}, daily ${d(s.dailyDays)}, weekly ${d(s.weeklyDays)}`;
}

/**
 * A Quire-Keep trailer's schedule: one of the choices' (KEEP_SCHEDULES), as
 * encodeSchedule writes it; null for anything else, then the standard
 * schedule applies. Not any periods a trailer names: one commit with
 * `all 0d, hourly 0d, …` (a hand's or a tool's) would have every prune remove
 * all of that installation's snapshots but its newest.
 */
export function parseSchedule(text: string | undefined): RetentionSchedule | null {
  const choice = KEEP_CHOICES.find((k) => encodeSchedule(KEEP_SCHEDULES[k]) === text?.trim());
  return choice ? { ...KEEP_SCHEDULES[choice] } : null;
}

/** Whether `next` keeps some snapshot longer than `before` does (a period longer, or forever where it ended). */
export function keepsLonger(next: RetentionSchedule, before: RetentionSchedule): boolean {
  const longer = (a: number | null, b: number | null) => (a === null ? b !== null : b !== null && a > b);
  return longer(next.allDays, before.allDays) || longer(next.hourlyDays, before.hourlyDays)
    || longer(next.dailyDays, before.dailyDays) || longer(next.weeklyDays, before.weeklyDays);
}
