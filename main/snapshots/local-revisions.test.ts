// revisionBodies reads old revisions straight from LevelDB: the same bodies
// PouchDB's own bulkGet gives, and none for revisions compaction removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { revisionBodies } from './local-revisions';

test('old revisions read from the store equal PouchDB\'s; compacted ones are left out', async () => {
  await withTempStore(async ({ db }) => {
    const revs: string[] = [];
    let rev: string | undefined;
    for (let i = 0; i < 6; i++) {
      rev = (await db.put({ _id: 'note:x', ...(rev ? { _rev: rev } : {}), title: 'T', body: `version ${i}`, updatedAt: i })).rev;
      revs.push(rev);
    }
    const deleted = (await db.remove('note:x', rev!)).rev;
    revs.push(deleted);
    const direct = await revisionBodies(db, 'note:x', revs);
    const viaPouch = (await db.bulkGet({ docs: revs.map((r) => ({ id: 'note:x', rev: r })) })).results.flatMap((r) =>
      r.docs.flatMap((d) => ('ok' in d ? [d.ok] : [])),
    );
    const summary = (list: Record<string, unknown>[]) =>
      list.map((d) => [d._rev, d.body ?? null, d._deleted ?? false]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.equal(direct.length, 7);
    assert.deepEqual(summary(direct), summary(viaPouch as unknown as Record<string, unknown>[]));
    await db.compact();
    const after = await revisionBodies(db, 'note:x', revs);
    assert.deepEqual(after.map((d) => d._rev), [deleted], 'only the leaf survives compaction');
    assert.deepEqual(await revisionBodies(db, 'note:unknown', ['1-abc']), []);
  });
});
