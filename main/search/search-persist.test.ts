// The search service with its index saved in the user data folder: a start
// loads it and applies the changes made since, whoever made them (here
// another process writing the database while Quire was closed); a damaged or
// foreign file is rebuilt and search still starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { SearchService, type SearchReady } from './search-service';
import { INDEX_FILE_FORMAT, type IndexFileHeader } from './index-file';
import { PARTS_READ_LATER } from './search-index';
import { CHECK_BLOCK_BYTES } from './later-part';
import { until } from '../testing/until';
import { nodeScriptArgs } from '../testing/node-script';

const note = (id: string, title: string, body: string, extra: Record<string, unknown> = {}) => ({
  _id: id, title, body, bookId: 'book:w', tags: [], status: 'none', createdAt: 1, updatedAt: 1, ...extra,
});

function tempProfile(): { dir: string; dbPath: string; indexFile: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-search-persist-'));
  return {
    dir, dbPath: path.join(dir, 'db', 'notes'), indexFile: path.join(dir, 'cache', 'search-index.json'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** One start of Quire's search on the database: the service, its ready report, closed (and saved) by `run`'s end. */
async function withSearch<T>(dbPath: string, indexFile: string, run: (s: SearchService, ready: SearchReady, db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase(dbPath);
  const search = new SearchService(db, { indexFile });
  const feed = db.changes({ since: 'now', live: true, include_docs: true });
  feed.on('change', (change) => search.apply(change));
  try {
    search.start();
    return await run(search, await search.ready, db);
  } finally {
    feed.cancel();
    await search.close();
    await db.close();
  }
}

/** Writes to the database from another process, as the CLI, a restore or a salvage would while Quire is closed. */
function writeFromAnotherProcess(dbPath: string, script: string): void {
  const code = `
    import { openDatabase } from './main/db/open-database.ts';
    const db = openDatabase(process.argv[2]);
    ${script}
    await db.close();`;
  execFileSync(process.execPath, nodeScriptArgs(code, dbPath), { stdio: 'inherit' });
}

test('a start loads the saved index and finds what another process changed while Quire was closed', async () => {
  const p = tempProfile();
  try {
    await withSearch(p.dbPath, p.indexFile, async (search, ready, db) => {
      assert.equal(ready.source, 'built');
      await db.bulkDocs([
        { _id: 'book:w', name: 'Work', createdAt: 1, updatedAt: 1 },
        note('note:1', 'Grocery list', 'apples and pears'),
        note('note:2', '会议记录', '今天讨论了备份功能'),
        note('note:3', 'Заметка', 'архив файлов'),
      ]);
      // Every change reaches the worker through the live feed before close() saves.
      const found = async () => (await Promise.all(['apples', '备份', 'архив'].map((q) => search.query(q)))).every((ids) => ids.length === 1);
      while (!(await found())) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    assert.ok(fs.existsSync(p.indexFile), 'closing saved the index');

    writeFromAnotherProcess(p.dbPath, `
      const one = await db.get('note:1');
      await db.put({ ...one, body: 'bananas only' });
      const two = await db.get('note:2');
      await db.remove(two);
      await db.put({ _id: 'note:4', title: 'ملاحظة', body: 'ملف جديد apples', bookId: 'book:w', tags: [], status: 'none', createdAt: 1, updatedAt: 1 });`);

    await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
      assert.equal(ready.source, 'saved', `loaded, not rebuilt (${ready.reason ?? ''})`);
      assert.equal(ready.caughtUp, 3);
      // Asked at once: a query naming a notebook waits for the names, which ready did not wait for.
      assert.deepEqual(await search.query('book:work bananas'), ['note:1']);
      assert.deepEqual(await search.query('bananas'), ['note:1']);
      assert.deepEqual(await search.query('apples'), ['note:4'], 'the old text of note:1 is not found');
      assert.deepEqual(await search.query('备份'), []);
      assert.deepEqual(await search.query('ملف'), ['note:4']);
      assert.deepEqual(await search.query('архив'), ['note:3']);
    });
    // Saved again as of the changes: the next start has nothing to catch up.
    await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
      assert.equal(ready.source, 'saved');
      assert.equal(ready.caughtUp, 0);
      assert.deepEqual(await search.query('bananas'), ['note:1']);
    });
  } finally {
    p.remove();
  }
});

test('a damaged, foreign-version or other database\'s index file is rebuilt, and search starts anyway', async () => {
  const p = tempProfile();
  const other = tempProfile();
  try {
    const seed = async (dbPath: string, body: string) => {
      const db = openDatabase(dbPath);
      await db.bulkDocs([note('note:1', 'One', body), note('note:2', 'Two', 'pears')]);
      await db.close();
    };
    await seed(p.dbPath, 'apples');
    await seed(other.dbPath, 'oranges');
    await withSearch(p.dbPath, p.indexFile, async (_s, ready) => assert.equal(ready.source, 'built'));
    await withSearch(other.dbPath, other.indexFile, async (_s, ready) => assert.equal(ready.source, 'built'));
    const good = fs.readFileSync(p.indexFile);

    const cases: [string, Buffer | string, RegExp][] = [
      ['truncated', good.subarray(0, good.length >> 1), /damaged/],
      ['garbage', Buffer.from([0, 255, 10, 1, 2, 3]), /damaged/],
      ['another version', Buffer.from(good.toString('latin1').replace(`"format":${INDEX_FILE_FORMAT}`, '"format":999'), 'latin1'), /format 999/],
      // Same notes' ids, the same sequence: only the database's identity tells them apart.
      ['another database', fs.readFileSync(other.indexFile), /another database/],
    ];
    for (const [what, bytes, reason] of cases) {
      fs.writeFileSync(p.indexFile, bytes);
      await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
        assert.equal(ready.source, 'built', what);
        assert.match(ready.reason ?? '', reason, what);
        assert.deepEqual(await search.query('apples'), ['note:1'], what);
        assert.deepEqual(await search.query('oranges'), [], what);
      });
      // Rebuilt and saved: the next start uses it again.
      await withSearch(p.dbPath, p.indexFile, async (_s, ready) => assert.equal(ready.source, 'saved', what));
    }
  } finally {
    p.remove();
    other.remove();
  }
});

/**
 * A database of enough notes that the saved postings span several checked
 * blocks (with `extra` notes among them), its index built and saved: the file,
 * its header and where each part starts.
 */
async function savedIndexOfManyNotes(
  p: ReturnType<typeof tempProfile>, extra: ReturnType<typeof note>[] = [],
): Promise<{ good: Buffer; header: IndexFileHeader; offsets: number[] }> {
  const db = openDatabase(p.dbPath);
  await db.bulkDocs([
    note('note:1', 'One', 'the quick brown fox'), note('note:2', 'Two', 'the brown quick fox'), ...extra,
    ...Array.from({ length: 2000 }, (_, i) => note(`note:many-${i}`, `Many ${i}`, `word${i}x plain text number ${i}`)),
  ]);
  await db.close();
  await withSearch(p.dbPath, p.indexFile, async (_s, ready) => assert.equal(ready.source, 'built'));
  const good = fs.readFileSync(p.indexFile);
  const end = good.indexOf(0x0a);
  const header = JSON.parse(good.subarray(0, end).toString('utf8')) as IndexFileHeader;
  const offsets: number[] = [];
  for (let at = end + 1, i = 0; i < header.parts.length; at += header.parts[i]! + 1, i++) offsets.push(at);
  return { good, header, offsets };
}

test('a saved index found damaged while a part of it is read late is built again, and the waiting query answers from that', async () => {
  const p = tempProfile();
  try {
    // The damage below is in the postings' last block.
    const { good, header, offsets } = await savedIndexOfManyNotes(p, [note('note:3', 'Три', 'быстрая лиса')]);

    const [, postings] = PARTS_READ_LATER as [number, number];
    assert.ok(header.parts[postings]! > 2 * CHECK_BLOCK_BYTES, 'the postings span several checked blocks');
    // The term whose postings come last, in the damaged block.
    const lastTerm = (JSON.parse(good.subarray(offsets[postings - 1]!, offsets[postings]! - 1).toString('utf8')) as string[]).at(-1)!;
    const expected = await withSearch(p.dbPath, p.indexFile, (search) => search.query(lastTerm));
    assert.ok(expected.length > 0);

    for (const part of PARTS_READ_LATER) {
      const bytes = Buffer.from(good);
      bytes[offsets[part]! + header.parts[part]! - 3]! ^= 0x01;
      fs.writeFileSync(p.indexFile, bytes);
      await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
        // The start reads neither part's damaged block: it cannot see the damage.
        assert.equal(ready.source, 'saved', `part ${part}`);
        assert.deepEqual(await search.query(part === postings ? lastTerm : '"quick brown"'), part === postings ? expected : ['note:1'], `part ${part}`);
        assert.deepEqual((await search.query('fox')).sort(), ['note:1', 'note:2'], `part ${part}`);
        assert.deepEqual(await search.query('"quick brown"'), ['note:1'], `part ${part}`);
        assert.deepEqual(await search.query('лиса'), ['note:3'], `part ${part}`);
      });
      // The rebuilt index was saved in place of the damaged file.
      assert.notDeepEqual(fs.readFileSync(p.indexFile), bytes, `part ${part}`);
      await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
        assert.equal(ready.source, 'saved', `part ${part}`);
        assert.deepEqual(await search.query('"brown quick"'), ['note:2'], `part ${part}`);
      });
    }
  } finally {
    p.remove();
  }
});

const waitFor = async (what: () => Promise<boolean>) => {
  while (!(await what())) await new Promise((resolve) => setTimeout(resolve, 20));
};

test('damage the first change finds (a note changed while Quire was closed) is rebuilt, and nothing changed then or after is lost', async () => {
  const p = tempProfile();
  try {
    const { good, header, offsets } = await savedIndexOfManyNotes(p);
    const [, postings] = PARTS_READ_LATER as [number, number];
    const bytes = Buffer.from(good);
    bytes[offsets[postings]! + header.parts[postings]! - 3]! ^= 0x01;
    fs.writeFileSync(p.indexFile, bytes);
    writeFromAnotherProcess(p.dbPath, `
      const one = await db.get('note:1');
      await db.put({ ...one, body: 'zebracorn grazing' });`);

    await withSearch(p.dbPath, p.indexFile, async (search, _ready, db) => {
      // The catch-up applies the change, which reads the postings whole first: the damage is found there.
      assert.deepEqual(await search.query('zebracorn'), ['note:1']);
      assert.deepEqual(await search.query('"quick brown"'), []);
      const two = await db.get('note:2');
      await db.put({ ...two, body: 'unicornfish swimming' });
      await waitFor(async () => (await search.query('unicornfish')).length === 1);
      assert.deepEqual(await search.query('"brown quick"'), []);
    });
    await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
      assert.equal(ready.source, 'saved', 'the rebuilt index was saved and loads');
      assert.equal(ready.caughtUp, 0, 'it holds every change, none skipped');
      assert.deepEqual(await search.query('zebracorn'), ['note:1']);
      assert.deepEqual(await search.query('unicornfish'), ['note:2']);
      assert.equal((await search.query('plain text')).length, 2000);
    });
  } finally {
    p.remove();
  }
});

test('phrase texts found damaged only by a save: the file is removed at once, so no later start loads it again', async () => {
  const p = tempProfile();
  try {
    const { good, header, offsets } = await savedIndexOfManyNotes(p);
    const bytes = Buffer.from(good);
    bytes[offsets[1]! + Math.floor(header.parts[1]! / 2)]! ^= 0x01;
    fs.writeFileSync(p.indexFile, bytes);
    await withSearch(p.dbPath, p.indexFile, async (search, ready, db) => {
      assert.equal(ready.source, 'saved');
      // An edit reads the postings (intact), not the phrase texts: the save does, and finds the damage.
      const many = await db.get('note:many-7');
      await db.put({ ...many, body: 'edited once' });
      await waitFor(async () => (await search.query('edited')).length === 1);
      await search.flush();
      assert.ok(!fs.existsSync(p.indexFile) || !fs.readFileSync(p.indexFile).equals(bytes), 'the damaged file is gone');
      assert.deepEqual(await search.query('"quick brown"'), ['note:1'], 'answered from the rebuilt index');
      assert.deepEqual(await search.query('edited'), ['note:many-7']);
    });
    await withSearch(p.dbPath, p.indexFile, async (search) => {
      assert.deepEqual(await search.query('"brown quick"'), ['note:2']);
      assert.deepEqual(await search.query('edited'), ['note:many-7']);
    });
  } finally {
    p.remove();
  }
});

test('the index is saved again after changes while Quire runs, not only at close', async () => {
  const p = tempProfile();
  // The worker reads its save interval when it starts (a minute in the app).
  process.env.QUIRE_SEARCH_SAVE_MS = '50';
  const savedSeq = () => {
    try {
      const header = fs.readFileSync(p.indexFile, 'utf8').split('\n', 1)[0]!;
      return (JSON.parse(header) as { seq: number }).seq;
    } catch {
      return -1;
    }
  };
  try {
    await withSearch(p.dbPath, p.indexFile, async (search, ready, db) => {
      assert.equal(ready.source, 'built');
      await until('the first build is saved', () => savedSeq() >= 0);
      const put = await db.put(note('note:1', 'Later', 'written while running'));
      const seq = Number((await db.info()).update_seq);
      await until('the change is saved', () => savedSeq() >= seq);
      assert.ok(put.ok);
      assert.deepEqual(await search.query('running'), ['note:1']);
    });
  } finally {
    delete process.env.QUIRE_SEARCH_SAVE_MS;
    p.remove();
  }
});

test('a first build is saved at once, not a save interval later, and answers from the compact form a later start loads', async () => {
  const p = tempProfile();
  try {
    const db = openDatabase(p.dbPath);
    await db.bulkDocs([note('note:a', 'Alpha', 'first words'), note('note:b', 'Beta', 'second words, and Alpha too')]);
    await db.close();
    await withSearch(p.dbPath, p.indexFile, async (search, ready) => {
      assert.equal(ready.source, 'built');
      // The save interval is a minute: only the save that follows the build writes the file this soon.
      await until('the first build is saved', () => fs.existsSync(p.indexFile), 10_000);
      assert.deepEqual((await search.query('alpha')).sort(), ['note:a', 'note:b']);
      assert.deepEqual(await search.query('second'), ['note:b']);
    });
  } finally {
    p.remove();
  }
});

test('notes written while the index is being built, from the start of the build on, are all found once it is in', async () => {
  const p = tempProfile();
  try {
    const db = openDatabase(p.dbPath);
    await db.bulkDocs(Array.from({ length: 300 }, (_, i) => note(`note:${i}`, `Note ${i}`, `body of note ${i} kiwi`)));
    await db.close();
    await withSearch(p.dbPath, p.indexFile, async (search, ready, db) => {
      assert.equal(ready.source, 'built');
      assert.equal((await search.query('kiwi', { limit: 1000 })).length, 300);
      await db.put(note('note:new', 'Added after the build', 'mango'));
      await until('the change is found', async () => (await search.query('mango')).length === 1);
    });
    fs.rmSync(p.indexFile);
    const again = openDatabase(p.dbPath);
    const search = new SearchService(again, { indexFile: p.indexFile });
    const feed = again.changes({ since: 'now', live: true, include_docs: true });
    feed.on('change', (change) => search.apply(change));
    try {
      search.start();
      await again.bulkDocs(Array.from({ length: 50 }, (_, i) => note(`note:during${i}`, `During ${i}`, 'papaya')));
      assert.equal((await search.ready).source, 'built');
      await until('every note written during the build is found', async () => (await search.query('papaya', { limit: 100 })).length === 50);
      assert.equal((await search.query('kiwi', { limit: 1000 })).length, 300);
    } finally {
      feed.cancel();
      await search.close();
      await again.close();
    }
  } finally {
    p.remove();
  }
});
