import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { badBlocksIn, crc32c, inBadBlock, snappyDecompress } from './table-check';
import { tempDir } from './salvage-testing';

test('CRC-32C and Snappy as LevelDB writes them', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  // "abcabcabcabc": a 3-byte literal, then 9 bytes copied from 3 back (1-byte and 2-byte offset forms).
  assert.equal(snappyDecompress(Buffer.from([12, 0x08, 0x61, 0x62, 0x63, 0x15, 0x03])).toString(), 'abcabcabcabc');
  assert.equal(snappyDecompress(Buffer.from([12, 0x08, 0x61, 0x62, 0x63, 0x22, 0x03, 0x00])).toString(), 'abcabcabcabc');
  assert.throws(() => snappyDecompress(Buffer.from([5, 0x0a, 0x03, 0x00])), /bad snappy/);
});

test('a block whose bytes changed is found, with the keys it held', async () => {
  using tmp = tempDir();
  const dir = tmp.path('db');
  for (let session = 0; session < 2; session++) {
    const db = openDatabase(dir);
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `note:s${session}-${String(i).padStart(3, '0')}`, body: `${'x'.repeat(100)} ${Math.random()}`.repeat(3) }));
    await db.bulkDocs(docs);
    await db.close();
  }
  assert.deepEqual(badBlocksIn(dir), []);
  const table = fs.readdirSync(dir).find((f) => f.endsWith('.ldb'))!;
  const file = path.join(dir, table);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from([0xff ^ fs.readFileSync(file)[10_000]!]), 0, 1, 10_000);
  fs.closeSync(fd);
  const bad = badBlocksIn(dir);
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.file, table);
  assert.ok(bad[0]!.offset <= 10_000);
  assert.ok(bad[0]!.upTo!.toString().startsWith('ÿby-sequenceÿ'), bad[0]!.upTo!.toString());
  assert.equal(inBadBlock(bad[0]!.upTo!.toString(), bad), true);
  assert.equal(inBadBlock('ÿmeta-storeÿ_local_doc_count', bad), false);
});
