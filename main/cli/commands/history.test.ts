// quire history: --rev from a snapshot or from the database, --db adding the
// revisions saved since the last snapshot, --snapshot, and the usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDatabase } from '../../db/open-database';
import { runCli as run, tempDir } from '../cli-testing';

const TIMEOUT = { timeout: 120_000 };

async function edit(dir: string, body: string): Promise<string> {
  const db = openDatabase(dir);
  try {
    const doc = await db.get('note:n1').catch(() => ({ _id: 'note:n1', title: 'One', bookId: 'book:b', tags: [], createdAt: 1 }));
    return (await db.put({ ...doc, body, updatedAt: Date.now() })).rev;
  } finally {
    await db.close();
  }
}

test('history --rev prints a version from a snapshot or from --db; --db lists the revisions no snapshot holds among the snapshots', TIMEOUT, async () => {
  using t = tempDir('quire-cli-history-');
  const db = path.join(t.dir, 'db');
  const folder = path.join(t.dir, 'backup');
  const first = await edit(db, 'first');
  assert.equal((await run(['snapshot', '--db', db, '--to', folder, '--json'])).code, 0);
  const second = await edit(db, 'second');
  const third = await edit(db, 'third');

  const fromSnapshot = await run(['history', '--from', folder, '--id', 'note:n1', '--rev', first, '--json']);
  assert.equal(fromSnapshot.code, 0, fromSnapshot.stderr.join('\n'));
  assert.equal((fromSnapshot.json().doc as { body: string }).body, 'first');
  assert.equal(typeof fromSnapshot.json().snapshot, 'string');

  const local = await run(['history', '--from', folder, '--db', db, '--id', 'note:n1', '--rev', second, '--json']);
  assert.equal(local.code, 0, local.stderr.join('\n'));
  assert.deepEqual([local.json().snapshot, (local.json().doc as { body: string }).body], [null, 'second']);

  const list = await run(['history', '--from', folder, '--db', db, '--id', 'note:n1', '--json']);
  const versions = list.json().versions as { source: string; rev: string }[];
  assert.deepEqual(versions.map((v) => [v.source, v.rev]), [['snapshot', first], ['local', second], ['local', third]]);
  const onlyDb = await run(['history', '--db', db, '--id', 'note:n1', '--json']);
  assert.deepEqual((onlyDb.json().versions as { rev: string }[]).map((v) => v.rev), [first, second, third]);
  const onlyFolder = await run(['history', '--from', folder, '--id', 'note:n1', '--json']);
  assert.deepEqual((onlyFolder.json().versions as { rev: string }[]).map((v) => v.rev), [first]);

  // A later snapshot holds the third edit: the second, which no snapshot holds, stays listed between the two.
  assert.equal((await run(['snapshot', '--db', db, '--to', folder, '--json'])).code, 0);
  const fourth = await edit(db, 'fourth');
  const later = (await run(['history', '--from', folder, '--db', db, '--id', 'note:n1', '--json'])).json().versions as { source: string; rev: string }[];
  assert.deepEqual(later.map((v) => [v.source, v.rev]), [['snapshot', first], ['local', second], ['snapshot', third], ['local', fourth]]);

  const snap = await run(['history', '--from', folder, '--id', 'note:n1', '--snapshot', fromSnapshot.json().snapshot as string, '--json']);
  assert.equal((snap.json().doc as { body: string }).body, 'first');

  assert.equal((await run(['history', '--from', folder, '--id', 'note:n1', '--rev', second])).code, 2, 'not in a snapshot, and no --db');
  assert.equal((await run(['history', '--id', 'note:n1'])).code, 2);
  assert.equal((await run(['history', '--from', folder, '--id', 'note:n1', '--rev', first, '--snapshot', 'abcd'])).code, 2);
  assert.equal((await run(['history', '--db', db, '--id', 'note:n1', '--snapshot', 'abcd'])).code, 2);
});
