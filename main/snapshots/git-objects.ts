// Git's object model, as much of it as the snapshot store needs
// (docs/snapshot-format.md): object ids (SHA-1 of "<type> <length>\0" and
// the content), trees (entries sorted as git sorts them) and commits.
import { createHash } from 'node:crypto';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

export function objectId(type: ObjectType, data: Uint8Array): string {
  return createHash('sha1').update(`${type} ${data.byteLength}\0`).update(data).digest('hex');
}

export const TREE_MODE = '40000';
export const BLOB_MODE = '100644';

export interface TreeEntry {
  name: string;
  /** '40000' for a tree, '100644' for a file. */
  mode: string;
  oid: string;
}

export const isTree = (e: TreeEntry) => e.mode === TREE_MODE;

/** Git orders entries by their names' bytes, a tree's name compared as if it ended in '/'. */
function sortKey(e: TreeEntry): Buffer {
  return Buffer.from(isTree(e) ? `${e.name}/` : e.name, 'utf8');
}

export function encodeTree(entries: Iterable<TreeEntry>): Buffer {
  const sorted = [...entries].map((e) => ({ e, key: sortKey(e) })).sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [];
  for (const { e } of sorted) {
    if (!e.name || e.name.includes('/') || e.name.includes('\0')) throw new Error(`invalid tree entry name ${JSON.stringify(e.name)}`);
    parts.push(Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex'));
  }
  return Buffer.concat(parts);
}

export function parseTree(data: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const nul = data.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new Error('tree object is cut short');
    entries.push({
      mode: data.toString('latin1', at, space),
      name: data.toString('utf8', space + 1, nul),
      oid: data.toString('hex', nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}

export interface Commit {
  tree: string;
  parents: string[];
  author: string;
  /** Seconds since the epoch. */
  time: number;
  message: string;
}

function signature(author: string, time: number): string {
  return `${author} <quire@localhost> ${time} +0000`;
}

export function encodeCommit(c: Commit): Buffer {
  const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`), `author ${signature(c.author, c.time)}`, `committer ${signature(c.author, c.time)}`];
  return Buffer.from(`${lines.join('\n')}\n\n${c.message}`, 'utf8');
}

export function parseCommit(data: Buffer): Commit {
  const text = data.toString('utf8');
  const split = text.indexOf('\n\n');
  if (split < 0) throw new Error('commit object is cut short');
  const headers = text.slice(0, split).split('\n');
  const tree = headers.find((h) => h.startsWith('tree '))?.slice(5);
  if (!tree || !/^[0-9a-f]{40}$/.test(tree)) throw new Error('commit object names no tree');
  const author = headers.find((h) => h.startsWith('author ')) ?? '';
  const m = /^author (.*) <[^>]*> (\d+) [+-]\d{4}$/.exec(author);
  return {
    tree,
    parents: headers.filter((h) => h.startsWith('parent ')).map((h) => h.slice(7)),
    author: m?.[1] ?? '',
    time: Number(m?.[2] ?? 0),
    message: text.slice(split + 2),
  };
}

/** Trailer lines ("Key: value") at the end of a commit message. */
export function trailers(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of message.split('\n')) {
    const m = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}
