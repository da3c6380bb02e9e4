import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requests } from '../../shared/contract/index';
import { MAX_IDS_PER_REQUEST } from '../../shared/doc-limits';
import { inChunks } from './in-chunks';

test('every note of a 250,001-note bulk action goes out, in requests the contract accepts, and the counts add up', async () => {
  const ids = Array.from({ length: 2 * MAX_IDS_PER_REQUEST + 50_001 }, (_, i) => `note:n${i}`);
  const sent: string[][] = [];
  const total = await inChunks(ids, async (chunk) => {
    // The main side's own check of the request (the same schema, as it runs on every call).
    requests['notes.trash'].args.parse({ ids: chunk });
    requests['notes.move'].args.parse({ ids: chunk, bookId: 'book:b' });
    requests['notes.addTags'].args.parse({ ids: chunk, tagIds: ['tag:t'] });
    sent.push(chunk);
    return chunk.length - 1;
  });
  assert.equal(sent.length, 3);
  assert.deepEqual(sent.flat(), ids);
  assert.equal(total, ids.length - 3);
  // The whole list in one request is refused: what the chunks are for.
  assert.throws(() => requests['notes.trash'].args.parse({ ids }));
  assert.equal(await inChunks([], async () => 1), 0);
});
