// Task lists in Markdown bodies: counting them (numOfTasks / numOfCheckedTasks
// are stored on the note, as Inkdrop does) and ticking one from the preview.

// A list item whose content starts with [ ] or [x]; fenced code is skipped by the callers below.
const TASK_LINE = /^(\s*(?:[-*+]|\d+[.)])\s+\[)( |x|X)(\])/;
const FENCE = /^\s*(```|~~~)/;

function* taskLines(body: string): Generator<{ line: number; checked: boolean }> {
  const lines = body.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i]!;
    if (FENCE.test(text)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const match = TASK_LINE.exec(text);
    if (match) yield { line: i, checked: match[2] !== ' ' };
  }
}

/** The 0-based line of each task, in document order: the preview numbers its checkboxes by this list. */
export function taskLineNumbers(body: string): number[] {
  return [...taskLines(body)].map((task) => task.line);
}

export function countTasks(body: string): { numOfTasks: number; numOfCheckedTasks: number } {
  let numOfTasks = 0;
  let numOfCheckedTasks = 0;
  for (const task of taskLines(body)) {
    numOfTasks += 1;
    if (task.checked) numOfCheckedTasks += 1;
  }
  return { numOfTasks, numOfCheckedTasks };
}

/** Sets the index-th task (0-based, in document order) to checked or not; returns the new body. */
export function setTaskChecked(body: string, index: number, checked: boolean): string {
  let n = 0;
  for (const task of taskLines(body)) {
    if (n === index) {
      const lines = body.split('\n');
      lines[task.line] = lines[task.line]!.replace(TASK_LINE, `$1${checked ? 'x' : ' '}$3`);
      return lines.join('\n');
    }
    n += 1;
  }
  return body;
}
