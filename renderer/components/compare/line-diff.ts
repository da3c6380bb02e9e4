// What differs between two texts, for the side-by-side comparison (the
// conflict bar's and the History dialog's): lines with jsdiff's Myers diff,
// then, within each pair of changed lines, words. Myers costs time in
// proportion to the length times the number of differences, so a long note
// with a few changes is quick; the lines both texts start and end with are
// set aside first. Two long texts that differ almost everywhere give up
// after a time limit, and the part between their common start and end is
// then shown as changed as a whole (never compared line by line at the same
// position, which marks every line after an insertion).
import { diffArrays, diffWordsWithSpace } from 'diff';

/** A run of a line's text, changed or not (only changed lines have changed runs). */
export interface Segment {
  text: string;
  changed: boolean;
}

export interface SideLine {
  /** 1-based line number in its text. */
  n: number;
  segments: Segment[];
}

/**
 * One row of the side-by-side view: the same line on both sides, a changed
 * pair (`a` became `b`), a line only in `a` (removed) or only in `b` (added).
 */
export type Row =
  | { kind: 'same'; a: SideLine; b: SideLine }
  | { kind: 'changed'; a: SideLine; b: SideLine }
  | { kind: 'removed'; a: SideLine; b: null }
  | { kind: 'added'; a: null; b: SideLine };

export interface TextDiff {
  rows: Row[];
  /** Lines of `a` not in `b`, and of `b` not in `a`. */
  changedA: number;
  changedB: number;
  /** false when the texts were too different to compare within the time limit. */
  exact: boolean;
}

export interface DiffOptions {
  /** Milliseconds the line diff may take before the middle is shown as changed as a whole. */
  timeoutMs?: number;
}

const LINE_TIMEOUT_MS = 400;
const WORD_TIMEOUT_MS = 50;
/**
 * Below this many lines (or, for a pair of lines, characters) on both sides
 * together, a comparison always runs to the end: Myers' worst case there is
 * a few milliseconds, and a time limit would only make what is shown depend
 * on how busy the computer is (a pair of short lines marked as a whole
 * because a garbage collection paused the page for 50 ms).
 */
const ALWAYS_EXACT_BELOW = 2000;

const whole = (text: string, changed: boolean): Segment[] => [{ text, changed }];

/**
 * Marks the words that differ in a pair of changed lines. Lines with almost
 * nothing in common are marked as a whole: word marks all over them say less.
 */
export function diffWordsOf(a: string, b: string): { a: Segment[]; b: Segment[] } {
  const parts = a.length + b.length < ALWAYS_EXACT_BELOW ? diffWordsWithSpace(a, b) : diffWordsWithSpace(a, b, { timeout: WORD_TIMEOUT_MS });
  if (!parts) return { a: whole(a, true), b: whole(b, true) };
  const left: Segment[] = [];
  const right: Segment[] = [];
  let common = 0;
  for (const part of parts) {
    if (!part.added) push(left, part.value, part.removed);
    if (!part.removed) push(right, part.value, part.added);
    if (!part.added && !part.removed) common += part.value.trim().length;
  }
  const shorter = Math.min(a.trim().length, b.trim().length);
  if (common * 3 < shorter) return { a: whole(a, true), b: whole(b, true) };
  return { a: left, b: right };
}

function push(into: Segment[], text: string, changed: boolean): void {
  if (!text) return;
  const last = into[into.length - 1];
  if (last && last.changed === changed) last.text += text;
  else into.push({ text, changed });
}

/** A space between two changed words is part of the change: one mark, not two. */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  segments.forEach((segment, k) => {
    const between = !segment.changed && !segment.text.trim() && segments[k - 1]?.changed && segments[k + 1]?.changed;
    const changed = segment.changed || Boolean(between);
    const last = out[out.length - 1];
    if (last && last.changed === changed) last.text += segment.text;
    else out.push({ text: segment.text, changed });
  });
  return out;
}

/** A text's lines; the empty "line" after a final line break is not one. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function diffTexts(a: string, b: string, options: DiffOptions = {}): TextDiff {
  const left = linesOf(a);
  const right = linesOf(b);
  const rows: Row[] = [];
  let changedA = 0;
  let changedB = 0;
  const line = (n: number, text: string, segments?: Segment[]): SideLine => ({ n, segments: segments ?? whole(text, false) });
  const same = (i: number, j: number) => rows.push({ kind: 'same', a: line(i + 1, left[i]!), b: line(j + 1, right[j]!) });

  /** A run of removed lines and the added lines that replace them: paired in order, the rest alone. */
  const hunk = (i: number, removed: number, j: number, added: number) => {
    changedA += removed;
    changedB += added;
    const pairs = Math.min(removed, added);
    for (let k = 0; k < pairs; k++) {
      const words = diffWordsOf(left[i + k]!, right[j + k]!);
      rows.push({ kind: 'changed', a: line(i + k + 1, '', tidy(words.a)), b: line(j + k + 1, '', tidy(words.b)) });
    }
    for (let k = pairs; k < removed; k++) rows.push({ kind: 'removed', a: line(i + k + 1, '', whole(left[i + k]!, true)), b: null });
    for (let k = pairs; k < added; k++) rows.push({ kind: 'added', a: null, b: line(j + k + 1, '', whole(right[j + k]!, true)) });
  };

  // The lines both start and end with cost nothing to compare.
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let endA = left.length;
  let endB = right.length;
  while (endA > start && endB > start && left[endA - 1] === right[endB - 1]) {
    endA--;
    endB--;
  }
  for (let k = 0; k < start; k++) same(k, k);

  const oldLines = left.slice(start, endA);
  const newLines = right.slice(start, endB);
  const parts = !oldLines.length || !newLines.length
    ? []
    : oldLines.length + newLines.length < ALWAYS_EXACT_BELOW
      ? diffArrays(oldLines, newLines)
      : diffArrays(oldLines, newLines, { timeout: options.timeoutMs ?? LINE_TIMEOUT_MS });
  const exact = parts !== undefined;
  let i = start;
  let j = start;
  if (!parts || endA === start || endB === start) {
    hunk(i, endA - i, j, endB - j);
    i = endA;
    j = endB;
  } else {
    let removed = 0;
    let added = 0;
    const flush = () => {
      if (!removed && !added) return;
      hunk(i, removed, j, added);
      i += removed;
      j += added;
      removed = added = 0;
    };
    for (const part of parts) {
      if (part.removed) removed += part.count;
      else if (part.added) added += part.count;
      else {
        flush();
        for (let k = 0; k < part.count; k++) same(i++, j++);
      }
    }
    flush();
  }
  for (; i < left.length; i++, j++) same(i, j);
  return { rows, changedA, changedB, exact };
}

/**
 * Rows to show, with long runs of unchanged lines folded away (all but
 * `context` lines on each side of a change); `open` holds the runs (by their
 * first row) the user unfolded.
 */
export type Shown = { kind: 'row'; index: number } | { kind: 'fold'; from: number; to: number; run: number };

export function foldUnchanged(rows: readonly Row[], context = 3, open: ReadonlySet<number> = new Set()): Shown[] {
  const shown: Shown[] = [];
  let k = 0;
  while (k < rows.length) {
    if (rows[k]!.kind !== 'same') {
      shown.push({ kind: 'row', index: k++ });
      continue;
    }
    let end = k;
    while (end < rows.length && rows[end]!.kind === 'same') end++;
    // Lines kept before and after the run: none at the text's own start or end.
    const head = k === 0 ? 0 : context;
    const tail = end === rows.length ? 0 : context;
    const hidden = end - k - head - tail;
    if (hidden < 4 || open.has(k)) {
      for (let r = k; r < end; r++) shown.push({ kind: 'row', index: r });
    } else {
      for (let r = k; r < k + head; r++) shown.push({ kind: 'row', index: r });
      shown.push({ kind: 'fold', from: k + head, to: end - tail, run: k });
      for (let r = end - tail; r < end; r++) shown.push({ kind: 'row', index: r });
    }
    k = end;
  }
  return shown;
}
