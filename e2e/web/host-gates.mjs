// Loaded into the browser host by e2e/web/fixtures.ts (`node --import`), and
// inert unless a test closes a gate: lets a test hold the host's restore at
// a known point, so what the window shows meanwhile (progress, Cancel, Stop)
// is checked whatever the machine's speed, instead of hoping the work is
// slow enough to be seen. The gates are files in a folder of the host's:
//
//   restore-write   while it exists, the restore's writes into the database
//                   (bulkDocs with new_edits: false, one per batch) wait; the
//                   number in it is how many batches go through first.
//   scan            while it exists, the restore's first look at the folder
//                   named in it (fs.promises.realpath of that path) waits.
//
// A held call writes `<gate>.held`: the test's signal that the host is there.
//
// Whose folder: a host started as its own process has QUIRE_E2E_GATES. The
// host pool (host-pool.mjs) runs several hosts in one process and registers
// each one's user-data folder and gates folder in GATE_FOLDERS: a database
// write is gated by the folder of the host whose user-data folder holds the
// database, and a scan by any folder whose scan gate names that path.
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** User-data folder → that host's gates folder (host-pool.mjs fills it). */
export const GATE_FOLDERS = Symbol.for('quire.e2e.gateFolders');
const registry = (globalThis[GATE_FOLDERS] ??= new Map());
const fromEnv = process.env.QUIRE_E2E_GATES;

/** The gates folder of the host whose database is at `dbPath`. */
function gatesOfDatabase(dbPath) {
  if (fromEnv) return fromEnv;
  let best = null;
  for (const [userData, gates] of registry) {
    if (dbPath.startsWith(userData + path.sep) && (!best || userData.length > best.userData.length)) best = { userData, gates };
  }
  return best?.gates ?? null;
}

// Worker threads inherit --import; the gated calls are all on the main thread.
if (isMainThread) {
  const gate = (dir, name) => path.join(dir, name);
  const isOpen = (dir, name) => !fs.existsSync(gate(dir, name));
  /** Calls that went through each closed gate, by its file. */
  const passed = new Map();

  /** Waits while the gate is closed, once `allowed` calls have gone through it. */
  const wait = async (dir, name, allowed = 0) => {
    if (isOpen(dir, name)) return;
    const count = passed.get(gate(dir, name)) ?? 0;
    passed.set(gate(dir, name), count + 1);
    if (count < allowed) return;
    fs.writeFileSync(gate(dir, `${name}.held`), String(count));
    while (!isOpen(dir, name)) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  // PouchDB is inside the host's bundle: open-database.ts hands each database it opens to this hook
  // (DATABASE_OPENED_HOOK there), and its bulkDocs is wrapped.
  globalThis[Symbol.for('quire.e2e.databaseOpened')] = (db, name) => {
    const bulkDocs = db.bulkDocs;
    db.bulkDocs = function gatedBulkDocs(docs, options, ...rest) {
      const dir = gatesOfDatabase(name);
      if (!dir || options?.new_edits !== false || isOpen(dir, 'restore-write')) {
        if (dir && isOpen(dir, 'restore-write')) passed.delete(gate(dir, 'restore-write'));
        return bulkDocs.call(this, docs, options, ...rest);
      }
      const allowed = Number(fs.readFileSync(gate(dir, 'restore-write'), 'utf8').trim() || 0);
      return wait(dir, 'restore-write', allowed).then(() => bulkDocs.call(this, docs, options, ...rest));
    };
  };

  const scanGate = (target) => {
    for (const dir of fromEnv ? [fromEnv] : registry.values()) {
      let named;
      try {
        named = fs.readFileSync(gate(dir, 'scan'), 'utf8').trim();
      } catch {
        continue; // open
      }
      if (target === named) return dir;
    }
    return null;
  };
  const realpath = fs.promises.realpath;
  fs.promises.realpath = async function gatedRealpath(target, ...rest) {
    const dir = scanGate(path.resolve(String(target)));
    if (dir) await wait(dir, 'scan');
    return realpath.call(this, target, ...rest);
  };
}
