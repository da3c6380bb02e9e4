import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withTempStore } from '../testing/temp-store';
import { createImageAttachment, sniffImageType } from './create-attachment';
import { readAttachment } from './read-attachment';

const images = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'images');

test('real images are stored and read back byte for byte', async () => {
  await withTempStore(async (store) => {
    for (const name of ['banner.png', 'logo.png', 'logo.svg', 'tldr-dark.png']) {
      const bytes = fs.readFileSync(path.join(images, name));
      const doc = await createImageAttachment(store, { name, bytes });
      assert.equal(doc.contentLength, bytes.length);
      const back = await readAttachment(store.db, doc._id);
      assert.ok(back);
      assert.equal(back.contentType, name.endsWith('.svg') ? 'image/svg+xml' : 'image/png');
      assert.ok(Buffer.compare(back.data, bytes) === 0, `${name} differs`);
    }
  });
});

test('too large, empty and non-image files are refused and nothing is written', async () => {
  await withTempStore(async (store) => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    fs.readFileSync(path.join(images, 'logo.png')).copy(big);
    await assert.rejects(createImageAttachment(store, { name: 'big.png', bytes: big }), /at most 10 MiB/);
    await assert.rejects(createImageAttachment(store, { name: 'e.png', bytes: Buffer.alloc(0) }), /is empty/);
    await assert.rejects(
      createImageAttachment(store, { name: 'fake.png', bytes: Buffer.from('MZ this is an exe') }),
      /not a supported image/,
    );
    assert.equal((await store.db.info()).doc_count, 0);
  });
});

test('sniffing goes by content, not name', () => {
  assert.equal(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffImageType(Buffer.from('GIF89a')), 'image/gif');
  assert.equal(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="x"></svg>')), 'image/svg+xml');
  assert.equal(sniffImageType(Buffer.from('<html><svg></svg></html>')), null);
});
