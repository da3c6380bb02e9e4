// A round-trip property test over generated databases: ids from the whole of
// Unicode (astral planes included, lone surrogates never: shared/ids.ts) and
// every hostile shape the naming rule must carry (`note:..`, paths, control
// characters, device names, case-only and NFC/NFD-only differences, emoji,
// ids too long for a file name, leading `.`, `~`, `_`), conflicts built as
// a replication makes them (two or more branches, deleted branches, two roots),
// deleted documents, attachments (empty ones, several per document), and
// documents nested as deep as a document file may be (MAX_JSON_DEPTH).
//
// For each seed: database → backup (the backup's own runner) → restore into a
// new database gives back every live document, every leaf revision with its
// body and history, and every attachment byte for byte; so does salvage →
// restore, through PouchDB (a healthy database) and through the raw LevelDB
// reader (a damaged one: CURRENT removed, so LevelDB repairs a copy). Every
// file name written is valid on Windows, macOS and Linux.
//
// Deleted documents (every leaf deleted) are compared as absent: a restore
// never brings back what is in _deleted/ (docs/backup-format.md).
//
// A failing seed can be run alone: QUIRE_ROUND_TRIP_SEEDS=1234 node scripts/run-unit-tests.mjs main/backup-format/round-trip
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles } from '../backup/backup-testing';
import { restoreBackup } from '../restore/index';
import { backUp, tempFolder } from '../restore/restore-testing';
import { salvage } from '../salvage/index';
import { MAX_JSON_DEPTH, jsonDepth } from './index';
import { assertSameLeaves, build, fileNameProblems, leavesOf, nameProblem, random } from './round-trip-testing';

const SEEDS = (process.env.QUIRE_ROUND_TRIP_SEEDS ?? '1,2,3,4,5').split(',').map(Number);

test('the name validator itself', () => {
  for (const bad of ['CON', 'con.json', 'Lpt1.txt', 'a.', 'a ', 'a:b', 'a\u0001', 'x'.repeat(256), 'é'.repeat(128)]) assert.ok(nameProblem(bad), bad);
  for (const good of ['_-con.json', '_c_o_n.json', 'console.json', '~002e~002e.json', 'x'.repeat(255)]) assert.equal(nameProblem(good), null, good);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-names-'));
  try {
    for (const name of ['a.json', 'A.json', '\u00e9.json', 'e\u0301.json', 'ok.json']) fs.writeFileSync(path.join(dir, name), '');
    const problems = fileNameProblems(dir);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.ok(problems.every((p) => /meets/.test(p)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- the round trips

for (const seed of SEEDS) {
  test(`seed ${seed}: database → backup → restore, and salvage (as it is, and repaired) → restore, give back every leaf byte for byte`, { timeout: 600_000 }, async (t) => {
    const where = (what: string) => `seed ${seed}, ${what}`;
    const phases: string[] = [];
    let mark = performance.now();
    const phase = (name: string) => {
      phases.push(`${name} ${Math.round(performance.now() - mark)} ms`);
      mark = performance.now();
    };
    await using tmp = tempFolder('quire-round-trip-');
    const r = random(seed);
    const source = tmp.open('source');
    const plans = await build(source, r, where('building'));
    const expected = await leavesOf(source);
    phase('build');

    // The generator made what it says: hostile ids, conflicts, deleted branches, deleted documents, deep documents, attachments.
    const all = [...expected.values()];
    const conflicted = all.filter((leaves) => leaves.length > 1).length;
    const deletedBranches = all.flat().filter((l) => l.doc._deleted === true).length;
    const attachments = all.flat().reduce((n, l) => n + Object.keys(l.attachments).length, 0);
    const deep = all.flat().filter((l) => jsonDepth(JSON.stringify(l.doc), MAX_JSON_DEPTH + 5) >= MAX_JSON_DEPTH - 1).length;
    const deletedDocs = plans.length - expected.size;
    assert.ok(conflicted > 5 && deletedBranches > 0 && attachments > 10 && deletedDocs > 0, where(`a varied database (${conflicted} conflicted, ${deletedBranches} deleted branches, ${attachments} attachments, ${deletedDocs} deleted)`));
    for (const leaves of all) for (const leaf of leaves) assert.ok(jsonDepth(JSON.stringify(leaf.doc), MAX_JSON_DEPTH + 5) <= MAX_JSON_DEPTH, where('no document deeper than the limit'));

    const folder = tmp.path('backup');
    await backUp(source, folder, { worker: seed % 2 === 1 });
    phase('backup');
    assert.deepEqual(fileNameProblems(folder), [], where('every name in the backup folder is valid everywhere'));

    const restoreInto = async (from: string, name: string, what: string) => {
      const target = tmp.open(name);
      const result = await restoreBackup(target, from);
      assert.deepEqual(result.skipped, [], where(`${what}: restore accepts every file`));
      await assertSameLeaves(expected, target, where(what));
      assert.equal(result.restored + result.conflicts, expected.size, where(`${what}: each live document counted once (${JSON.stringify(result)})`));
    };
    await restoreInto(folder, 'restored', 'backup → restore');
    phase('restore');

    await source.close();
    const salvaged = tmp.path('salvaged');
    const asIs = await salvage({ src: tmp.path('source'), dest: salvaged, tempDir: tmp.dir });
    assert.equal(asIs.method, 'as-is', where('a healthy database is salvaged through PouchDB'));
    assert.deepEqual(asIs.unreadable, [], where('salvage as it is reads everything'));
    const counted = (report: typeof asIs) => ({ live: report.notes + report.books + report.tags + report.files + report.others, deleted: report.deleted });
    assert.deepEqual(counted(asIs), { live: expected.size, deleted: deletedDocs }, where('salvage as it is counts every document once'));
    assert.deepEqual(fileNameProblems(salvaged), [], where('every name in the salvaged folder is valid everywhere'));
    await restoreInto(salvaged, 'from-salvage', 'salvage → restore');
    phase('salvage as it is');

    // Damaged: LevelDB's CURRENT file lost. Salvage repairs a copy and reads it below PouchDB (raw-reader.ts).
    const damaged = tmp.path('damaged');
    fs.cpSync(tmp.path('source'), damaged, { recursive: true });
    fs.rmSync(path.join(damaged, 'CURRENT'));
    const repairedDest = tmp.path('salvaged-repaired');
    const repaired = await salvage({ src: damaged, dest: repairedDest, tempDir: tmp.dir });
    assert.equal(repaired.method, 'repaired', where('a damaged database is read below PouchDB'));
    assert.deepEqual(repaired.unreadable, [], where('the repaired copy gives up everything'));
    assert.deepEqual(counted(repaired), { live: expected.size, deleted: deletedDocs }, where('the damaged salvage counts every document once'));
    assert.deepEqual(fileNameProblems(repairedDest), [], where('every name in the repaired salvage is valid everywhere'));
    await restoreInto(repairedDest, 'from-repaired', 'damaged salvage → restore');
    // Read below PouchDB or through it, the same files, byte for byte.
    const documents = (root: string) => listFiles(root).filter((f) => !f.startsWith('state'));
    assert.deepEqual(documents(repairedDest), documents(salvaged), where('the raw reader writes the files PouchDB does'));
    for (const file of documents(salvaged)) {
      assert.ok(fs.readFileSync(path.join(repairedDest, file)).equals(fs.readFileSync(path.join(salvaged, file))), where(`${file} is the same either way`));
    }
    phase('salvage repaired');

    const leaves = all.reduce((n, l) => n + l.length, 0);
    t.diagnostic(`seed ${seed}: ${plans.length} documents (${expected.size} live, ${deletedDocs} deleted), ${leaves} live documents' leaves, ${conflicted} conflicted, ${deletedBranches} deleted branches, ${attachments} attachments, ${deep} nested ${MAX_JSON_DEPTH - 1}+ deep; ${phases.join(', ')}`);
  });
}
