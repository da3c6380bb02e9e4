// Test helper: a database holding every kind of change a reader of the
// changes feed meets (edits, attachments, deletions, conflicts either way,
// awkward ids, design and local documents), for the readers that go around
// PouchDB to be compared with PouchDB's own feed.
import leveldown from 'leveldown';
import type { Database } from '../db/open-database';

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const attachment = (data: Buffer, content_type = 'image/png') => ({ content_type, data });

/** A database with every kind of change a reader of its changes meets. */
export async function fillWithEveryKindOfChange(db: Database): Promise<void> {
  const put = async (doc: Record<string, unknown> & { _id: string }) => db.put(doc);
  for (let i = 0; i < 230; i++) await put({ _id: `note:n${i}`, title: `Note ${i}`, body: `body ${i}`, tags: ['tag:a'], updatedAt: i });
  // Edited several times; the later edits leave stale by-sequence entries behind.
  let doc = await db.get('note:n1');
  for (let i = 0; i < 4; i++) doc = { ...doc, _rev: (await db.put({ ...doc, body: `edit ${i}` })).rev };
  // Attachments: two on one document, an empty one, one replaced by new bytes.
  await put({ _id: 'file:two', name: 'two', _attachments: { 'a.png': attachment(PNG), 'b.txt': attachment(Buffer.from('hello'), 'text/plain') } });
  await put({ _id: 'file:empty', _attachments: { 'empty.bin': attachment(Buffer.alloc(0), 'application/octet-stream') } });
  const img = await db.put({ _id: 'file:replaced', _attachments: { 'index.png': attachment(PNG) } });
  await db.put({ _id: 'file:replaced', _rev: img.rev, _attachments: { 'index.png': attachment(Buffer.concat([PNG, PNG])) } });
  // Deleted, deleted with an attachment, deleted and made again.
  await db.remove(await db.get('note:n2'));
  const withFile = await db.put({ _id: 'file:gone', _attachments: { 'index.png': attachment(PNG) } });
  await db.remove('file:gone', withFile.rev);
  await db.remove(await db.get('note:n3'));
  await put({ _id: 'note:n3', title: 'back again' });
  // Conflicts: the losing branch written last, and the winning branch written last.
  const base = await db.get('note:n4');
  await db.bulkDocs([{ ...base, _rev: '2-ffff', body: 'winner', _revisions: { start: 2, ids: ['ffff', base._rev.split('-')[1]] } }], { new_edits: false });
  await db.bulkDocs([{ ...base, _rev: '2-0000', body: 'loser', _revisions: { start: 2, ids: ['0000', base._rev.split('-')[1]] } }], { new_edits: false });
  const base5 = await db.get('note:n5');
  await db.bulkDocs([{ ...base5, _rev: '2-0000', body: 'loser', _revisions: { start: 2, ids: ['0000', base5._rev.split('-')[1]] } }], { new_edits: false });
  await db.bulkDocs([{ ...base5, _rev: '2-ffff', body: 'winner', _revisions: { start: 2, ids: ['ffff', base5._rev.split('-')[1]] } }], { new_edits: false });
  // A deleted branch that loses to a live one.
  const base6 = await db.get('note:n6');
  await db.bulkDocs([{ _id: 'note:n6', _rev: '3-dddd', _deleted: true, _revisions: { start: 3, ids: ['dddd', 'cccc', base6._rev.split('-')[1]] } }], { new_edits: false });
  // Ids that are awkward elsewhere, a design document, a local one (never in the feed).
  await put({ _id: 'note:../../etc/passwd', title: 'hostile' });
  await put({ _id: 'note:😀 emoji', title: 'emoji' });
  await put({ _id: 'config', theme: 'dark' });
  await put({ _id: '_design/index', views: {} });
  await put({ _id: '_local/state', value: 1 });
}

/** Rewrites one key of a closed database's store, as damage or an older PouchDB would have left it. */
export async function alterStore(location: string, key: string, value: string | null) {
  const store = leveldown(location);
  const call = (fn: (cb: (error?: Error | null) => void) => void) => new Promise<void>((resolve, reject) => fn((e) => (e ? reject(e) : resolve())));
  await call((cb) => store.open(cb));
  await call((cb) => (value === null ? store.del(key, cb) : store.put(key, value, cb)));
  await call((cb) => store.close(cb));
}
