// The sidebar's rules, kept pure so they are tested without a window: what a
// notebook or tag may be called, where a notebook may move, what the tree
// shows when branches are folded, and what the delete confirmations say.
// Main enforces the same rules on write; checking here lets the message
// appear where the user typed, before anything is sent.
import { MAX_BOOK_NAME_CHARS, MAX_TAG_NAME_CHARS } from '../shared/doc-limits';
import type { BookSummary, TagSummary } from '../shared/types';
import type { BookNode } from './state/library';

/** The "Move to…" choice that means "no parent". Book ids all start with "book:", so it cannot clash. */
export const TOP_LEVEL = 'top';

export function validateBookName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A notebook needs a name.';
  if (trimmed.length > MAX_BOOK_NAME_CHARS) return `Notebook names can be at most ${MAX_BOOK_NAME_CHARS} characters.`;
  return null;
}

/** `exceptId` is the tag being renamed: keeping its own name (or changing its case) is fine. */
export function validateTagName(name: string, tags: readonly TagSummary[], exceptId?: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A tag needs a name.';
  if (trimmed.length > MAX_TAG_NAME_CHARS) return `Tag names can be at most ${MAX_TAG_NAME_CHARS} characters.`;
  const wanted = trimmed.toLocaleLowerCase();
  const clash = tags.find((t) => t.id !== exceptId && t.name.trim().toLocaleLowerCase() === wanted);
  return clash ? `There is already a tag named “${clash.name}”.` : null;
}

/** Every notebook nested (at any depth) under `id`; safe against cycles in imported data. */
export function descendantsOf(books: readonly BookSummary[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const b of books) {
    if (!b.parentBookId) continue;
    const list = children.get(b.parentBookId) ?? [];
    list.push(b.id);
    children.set(b.parentBookId, list);
  }
  const out = new Set<string>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (out.has(next) || next === id) continue;
    out.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

export type NestCheck = { ok: true } | { ok: false; reason: string | null };

export const NEST_REFUSAL = 'A notebook cannot be moved into itself or one of its own sub-notebooks.';

/**
 * Whether `id` may be nested under `parentId` (null: the top level). A move
 * that changes nothing is refused without a reason, so the UI stays quiet.
 */
export function checkNest(books: readonly BookSummary[], id: string, parentId: string | null): NestCheck {
  const book = books.find((b) => b.id === id);
  if (!book) return { ok: false, reason: 'That notebook no longer exists.' };
  if (parentId !== null) {
    if (parentId === id || descendantsOf(books, id).has(parentId)) return { ok: false, reason: NEST_REFUSAL };
    if (!books.some((b) => b.id === parentId)) return { ok: false, reason: 'That notebook no longer exists.' };
  }
  if ((book.parentBookId ?? null) === parentId) return { ok: false, reason: null };
  return { ok: true };
}

/** The "Move to…" options: the top level, then the tree without the notebook itself and what is nested in it. */
export function moveTargets(tree: readonly BookNode[], books: readonly BookSummary[], id: string) {
  const excluded = descendantsOf(books, id);
  excluded.add(id);
  const current = books.find((b) => b.id === id)?.parentBookId ?? null;
  const mark = (label: string, isCurrent: boolean) => (isCurrent ? `${label} (current)` : label);
  return [
    { id: TOP_LEVEL, label: mark('Top level', current === null), depth: 0 },
    ...tree
      .filter((node) => !excluded.has(node.book.id))
      .map((node) => ({ id: node.book.id, label: mark(node.book.name, node.book.id === current), depth: node.depth + 1 })),
  ];
}

export interface TreeRow extends BookNode {
  hasChildren: boolean;
  expanded: boolean;
  parentId: string | null;
}

/** The rows the tree shows: what sits under a folded notebook is left out. */
export function visibleTree(tree: readonly BookNode[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const parents: string[] = [];
  let hiddenBelow = Infinity;
  tree.forEach((node, i) => {
    const next = tree[i + 1];
    const hasChildren = next !== undefined && next.depth > node.depth;
    parents.length = node.depth;
    const parentId = node.depth > 0 ? (parents[node.depth - 1] ?? null) : null;
    parents[node.depth] = node.book.id;
    if (node.depth > hiddenBelow) return;
    hiddenBelow = Infinity;
    const expanded = hasChildren && !collapsed.has(node.book.id);
    if (hasChildren && !expanded) hiddenBelow = node.depth;
    rows.push({ ...node, hasChildren, expanded, parentId });
  });
  return rows;
}

const numbers = new Intl.NumberFormat('en');
const plural = (n: number, one: string, many: string) => `${numbers.format(n)} ${n === 1 ? one : many}`;

/** `preview` is books.deletePreview's answer: `books` counts the notebook itself too. */
export function deleteBookMessage(name: string, preview: { notes: number; books: number }): string {
  const subs = Math.max(0, preview.books - 1);
  const head = subs > 0
    ? `Delete “${name}” and its ${subs === 1 ? 'sub-notebook' : plural(subs, 'sub-notebook', 'sub-notebooks')}?`
    : `Delete “${name}”?`;
  if (preview.notes === 0) return `${head} ${subs > 0 ? 'They hold' : 'It holds'} no notes, so nothing goes to the Trash.`;
  return `${head} Its ${plural(preview.notes, 'note', 'notes')} will be moved to the Trash.`;
}

export function deleteTagMessage(name: string, notes: number): string {
  if (notes === 0) return `Delete the tag “${name}”? No notes have it.`;
  return `Delete the tag “${name}”? It will be removed from ${plural(notes, 'note', 'notes')}; the notes themselves stay.`;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
