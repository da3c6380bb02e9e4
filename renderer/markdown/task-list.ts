// GitHub task lists for markdown-it: `- [ ] todo` and `- [x] done` become
// list items with a checkbox. Only the lines shared/tasks.ts counts get a
// box, numbered in its order, so ticking box N changes exactly the task the
// note's counts (numOfTasks / numOfCheckedTasks) know as N.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { taskLineNumbers } from '../../shared/tasks';

const MARKER = /^\[([ xX])\](?:[ \t]+|$)/;

function markList(tokens: Token[], itemIndex: number) {
  const item = tokens[itemIndex]!;
  for (let i = itemIndex - 1; i >= 0; i -= 1) {
    const token = tokens[i]!;
    if (token.level === item.level - 1 && (token.type === 'bullet_list_open' || token.type === 'ordered_list_open')) {
      if (!String(token.attrGet('class') ?? '').includes('contains-task-list')) token.attrJoin('class', 'contains-task-list');
      return;
    }
  }
}

/** Drops the `[ ] ` marker from the start of an inline token's children (it may span several text tokens). */
function stripMarker(inline: Token, length: number) {
  let left = length;
  const children = inline.children ?? [];
  while (left > 0 && children.length > 0 && children[0]!.type === 'text') {
    const first = children[0]!;
    if (first.content.length <= left) {
      left -= first.content.length;
      children.shift();
    } else {
      first.content = first.content.slice(left);
      left = 0;
    }
  }
}

function taskRule(state: StateCore) {
  const lines = taskLineNumbers(state.src);
  if (lines.length === 0) return;
  const indexByLine = new Map(lines.map((line, index) => [line, index]));
  const { tokens } = state;
  for (let i = 2; i < tokens.length; i += 1) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open') continue;
    const item = tokens[i - 2]!;
    if (item.type !== 'list_item_open' || !item.map) continue;
    const index = indexByLine.get(item.map[0]);
    const match = MARKER.exec(inline.content);
    if (index === undefined || !match) continue;
    stripMarker(inline, match[0].length);
    const box = new state.Token('html_inline', '', 0);
    const checked = match[1] !== ' ';
    box.content = `<input type="checkbox" class="task-checkbox" data-task-index="${index}"${checked ? ' checked' : ''}>`;
    inline.children = [box, ...(inline.children ?? [])];
    item.attrJoin('class', checked ? 'task-list-item done' : 'task-list-item');
    markList(tokens, i - 2);
  }
}

export function taskListPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'quire_task_list', taskRule);
}
