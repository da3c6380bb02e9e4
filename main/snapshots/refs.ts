// The snapshot refs of a store (docs/snapshot-format.md, "Refs"): loose ref
// files under refs/snapshots/ and the lines of packed-refs (git gc moves refs
// there), read as they are, damaged ones included, so that none is lost
// unsaid or written over.
import fs from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX, readIfThere, writeDurably } from './durable';

export const REF_PREFIX = 'refs/snapshots';

/** Every snapshot ref: its name under refs/snapshots/ and the commit it names. */
export function readRefs(gitdir: string): { name: string; oid: string }[] {
  const out = new Map<string, string>();
  // `git gc` moves refs into packed-refs; a loose ref file overrides a packed one.
  const packed = path.join(gitdir, 'packed-refs');
  if (fs.existsSync(packed)) {
    for (const line of fs.readFileSync(packed, 'utf8').split('\n')) {
      const m = /^([0-9a-f]{40}) (refs\/snapshots\/\S+)$/.exec(line);
      if (m) out.set(m[2]!.slice(REF_PREFIX.length + 1), m[1]!);
    }
  }
  for (const { name, content } of refFiles(gitdir)) if (/^[0-9a-f]{40}$/.test(content)) out.set(name, content);
  return [...out].map(([name, oid]) => ({ name, oid }));
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

/** Ref files under refs/snapshots/ that name no commit (cut short, or a foreign file): verify lists them. */
export function readBadRefs(gitdir: string): { name: string; content: string }[] {
  const bad = refFiles(gitdir)
    .filter((r) => !/^[0-9a-f]{40}$/.test(r.content))
    .map((r) => ({ name: r.name, content: r.content.slice(0, 80) }));
  // A packed-refs line of ours that is not whole (the file cut short, a line edited): its snapshot would vanish unsaid.
  const packed = path.join(gitdir, 'packed-refs');
  if (fs.existsSync(packed)) {
    for (const [i, line] of fs.readFileSync(packed, 'utf8').split('\n').entries()) {
      // Comments, peeled lines (^) and other refs (a line git writes whole) are not ours to judge.
      if (line.trim() === '' || /^[#^]/.test(line) || /^([0-9a-f]{40}) (refs\/snapshots\/\S+)$/.test(line)) continue;
      const other = /^[0-9a-f]{40} (refs\/\S+)$/.exec(line);
      if (other && !`${REF_PREFIX}/`.startsWith(other[1]!)) continue; // a whole line of another ref (not one cut short in ours)
      const at = line.indexOf(`${REF_PREFIX}/`);
      const name = at >= 0 ? line.slice(at + REF_PREFIX.length + 1).trim() : `line ${i + 1}`;
      bad.push({ name: `packed-refs: ${name}`, content: line.slice(0, 80) });
    }
  }
  return bad;
}

/**
 * Every ref name in use, readable or not: a new snapshot's counter is above
 * all of them, so it never writes over a ref that is damaged but whose
 * commit is still there (it could be mended by hand, and prune would
 * otherwise remove that snapshot's objects).
 */
export function refNamesInUse(gitdir: string): string[] {
  return [...readRefs(gitdir).map((r) => r.name), ...readBadRefs(gitdir).map((r) => r.name.replace(/^packed-refs: /, ''))];
}
