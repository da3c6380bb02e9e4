// How much two texts share at their beginning and at their end: what an edit
// left alone. The editor's smallest change (renderer/components/editor/
// note-text.ts) and History's counts (main/snapshots/history.ts) start here.

/** Characters `a` and `b` share at the start, and then at the end of what is left (the two never overlap). */
export function commonEnds(a: string, b: string): { start: number; end: number } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  return { start, end };
}
