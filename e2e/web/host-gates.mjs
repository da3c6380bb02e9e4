// Loaded into the browser host by e2e/web/fixtures.ts (`node --import`), and
// inert unless a test closes a gate: lets a test hold the host's restore at
// a known point, so what the window shows meanwhile (progress, Cancel, Stop)
// is checked whatever the machine's speed, instead of hoping the work is
// slow enough to be seen. The gates are files in QUIRE_E2E_GATES:
//
//   restore-write   while it exists, the restore's writes into the database
//                   (bulkDocs with new_edits: false, one per batch) wait; the
//                   number in it is how many batches go through first.
//   scan            while it exists, the restore's first look at the folder
//                   named in it (fs.promises.realpath of that path) waits.
//
// A held call writes `<gate>.held`: the test's signal that the host is there.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.QUIRE_E2E_GATES;

// Worker threads inherit --import; the gated calls are all on the main thread.
if (dir && isMainThread) {
  const gate = (name) => path.join(dir, name);
  const isOpen = (name) => !fs.existsSync(gate(name));
  const passed = new Map();

  /** Waits while the gate is closed, once `allowed` calls have gone through it. */
  const wait = async (name, allowed = 0) => {
    if (isOpen(name)) return;
    const count = passed.get(name) ?? 0;
    passed.set(name, count + 1);
    if (count < allowed) return;
    fs.writeFileSync(gate(`${name}.held`), String(count));
    while (!isOpen(name)) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  // PouchDB is a dependency the bundle leaves external: this is the instance it uses. Its
  // methods are set on each database as it is made, so the adapter that makes them is wrapped.
  const PouchDB = createRequire(import.meta.url)('pouchdb-node');
  const leveldb = PouchDB.adapters.leveldb;
  PouchDB.adapters.leveldb = Object.assign(function gatedLeveldb(...args) {
    const bulkDocs = this.bulkDocs;
    this.bulkDocs = function gatedBulkDocs(docs, options, ...rest) {
      if (options?.new_edits !== false || isOpen('restore-write')) {
        if (isOpen('restore-write')) passed.delete('restore-write');
        return bulkDocs.call(this, docs, options, ...rest);
      }
      const allowed = Number(fs.readFileSync(gate('restore-write'), 'utf8').trim() || 0);
      return wait('restore-write', allowed).then(() => bulkDocs.call(this, docs, options, ...rest));
    };
    return leveldb.apply(this, args);
  }, leveldb);

  const realpath = fs.promises.realpath;
  fs.promises.realpath = async function gatedRealpath(target, ...rest) {
    if (!isOpen('scan') && path.resolve(String(target)) === fs.readFileSync(gate('scan'), 'utf8').trim()) await wait('scan');
    return realpath.call(this, target, ...rest);
  };
}
