// Which lines differ between two texts, for the conflict bar's side-by-side
// view: a longest common subsequence of lines; the lines outside it are the
// changed ones. Texts too long for that (the table grows with the product
// of their line counts) are compared line by line at the same position.

const MAX_CELLS = 4_000_000;

export interface LineMarks {
  /** For each line of `a`: not in `b` at its place. */
  a: boolean[];
  /** For each line of `b`: not in `a` at its place. */
  b: boolean[];
}

export function changedLines(a: string[], b: string[]): LineMarks {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return { a: a.map((line, i) => line !== b[i]), b: b.map((line, i) => line !== a[i]) };
  }
  // lcs[i * (m + 1) + j]: the LCS length of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j]
        ? lcs[(i + 1) * width + j + 1]! + 1
        : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const marks: LineMarks = { a: new Array<boolean>(n).fill(true), b: new Array<boolean>(m).fill(true) };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      marks.a[i++] = false;
      marks.b[j++] = false;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) i++;
    else j++;
  }
  return marks;
}
