// The snapshot refs of a store (docs/snapshot-format.md, "Refs"): loose ref
// files under refs/snapshots/ and the lines of packed-refs (git gc moves refs
// there), read as they are, damaged ones included, so that none is lost
// unsaid or written over.
import fs from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX, readIfThere, writeDurably } from './durable';

export const REF_PREFIX = 'refs/snapshots';

const HEX40 = /^[0-9a-f]{40}$/;
const PACKED_OURS = /^([0-9a-f]{40}) (refs\/snapshots\/\S+)$/;

/** A ref that names no commit: how verify names it, what it holds, and its ref name where it can be told. */
export interface BadRef {
  name: string;
  content: string;
  ref: string | null;
}

/**
 * The store's snapshot refs, read once: those that name a commit (`git gc`
 * moves refs into packed-refs; a loose ref file overrides a packed one) and
 * those that do not (a loose file cut short or foreign, listed first; a
 * packed-refs line of ours that is not whole, whose snapshot would otherwise
 * vanish unsaid).
 */
export function readRefState(gitdir: string): { refs: { name: string; oid: string }[]; bad: BadRef[] } {
  const good = new Map<string, string>();
  const badPacked: BadRef[] = [];
  const packed = path.join(gitdir, 'packed-refs');
  if (fs.existsSync(packed)) {
    for (const [i, line] of fs.readFileSync(packed, 'utf8').split('\n').entries()) {
      const m = PACKED_OURS.exec(line);
      if (m) {
        good.set(m[2]!.slice(REF_PREFIX.length + 1), m[1]!);
        continue;
      }
      // Comments, peeled lines (^) and other refs (a line git writes whole) are not ours to judge.
      if (line.trim() === '' || /^[#^]/.test(line)) continue;
      const other = /^[0-9a-f]{40} (refs\/\S+)$/.exec(line);
      if (other && !`${REF_PREFIX}/`.startsWith(other[1]!)) continue; // a whole line of another ref (not one cut short in ours)
      const at = line.indexOf(`${REF_PREFIX}/`);
      const ref = at >= 0 ? line.slice(at + REF_PREFIX.length + 1).trim() : null;
      badPacked.push({ name: `packed-refs: ${ref ?? `line ${i + 1}`}`, content: line.slice(0, 80), ref });
    }
  }
  const badLoose: BadRef[] = [];
  for (const { name, content } of refFiles(gitdir)) {
    if (HEX40.test(content)) good.set(name, content);
    else badLoose.push({ name, content: content.slice(0, 80), ref: name });
  }
  return { refs: [...good].map(([name, oid]) => ({ name, oid })), bad: [...badLoose, ...badPacked] };
}

/** Every loose ref file under refs/snapshots/ (temporary and hidden files left out) and what it holds. */
function refFiles(gitdir: string): { name: string; content: string }[] {
  const out: { name: string; content: string }[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a folder another installation's prune emptied and removed
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX) || entry.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
      else if (entry.isFile()) {
        // Another installation's prune may remove a ref between the listing and the read.
        const content = readIfThere(path.join(dir, entry.name));
        if (content !== null) out.push({ name: rel, content: content.trim() });
      }
    }
  };
  const root = path.join(gitdir, REF_PREFIX);
  if (fs.existsSync(root)) walk(root, '');
  return out;
}

/** Removes a snapshot ref (a loose one; a packed one is dropped from packed-refs). */
export function deleteRef(gitdir: string, name: string): void {
  fs.rmSync(path.join(gitdir, REF_PREFIX, ...name.split('/')), { force: true });
  const packed = path.join(gitdir, 'packed-refs');
  if (fs.existsSync(packed)) {
    const lines = fs.readFileSync(packed, 'utf8').split('\n');
    const kept = lines.filter((l) => !l.endsWith(` ${REF_PREFIX}/${name}`));
    if (kept.length !== lines.length) writeDurably(packed, kept.join('\n'), { root: gitdir });
  }
}

/**
 * Every ref name in use, readable or not: a new snapshot's counter is above
 * all of them, so it never writes over a ref that is damaged but whose
 * commit is still there (it could be mended by hand, and prune would
 * otherwise remove that snapshot's objects).
 */
export function refNamesInUse(gitdir: string): string[] {
  const { refs, bad } = readRefState(gitdir);
  return [...refs.map((r) => r.name), ...bad.flatMap((r) => (r.ref ? [r.ref] : []))];
}
