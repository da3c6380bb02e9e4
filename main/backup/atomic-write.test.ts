import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtomicWriter, OutsideRootError, TEMP_PREFIX, isTempName } from './atomic-write';

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-atomic-'));
  return { dir, [Symbol.dispose]: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('writes replace the file whole and leave no temporary file', async () => {
  using tmp = tempDir();
  const writer = new AtomicWriter(tmp.dir, 'abc');
  await writer.write('data/note/x.json', '{"a":1}');
  await writer.write('data/note/x.json', '{"a":2}');
  await writer.write('data/file/x.png', new Uint8Array([1, 2, 3]), { deferDirSync: true });
  await writer.flush();
  assert.equal(fs.readFileSync(path.join(tmp.dir, 'data/note/x.json'), 'utf8'), '{"a":2}');
  assert.deepEqual([...fs.readFileSync(path.join(tmp.dir, 'data/file/x.png'))], [1, 2, 3]);
  assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'data/note')), ['x.json']);
});

test('refuses paths that leave the root, lexically or through a link', async () => {
  using tmp = tempDir();
  const root = path.join(tmp.dir, 'root');
  fs.mkdirSync(root);
  const writer = new AtomicWriter(root, 'abc');
  for (const rel of ['../x', '/etc/x', 'a/../../x', '', '.']) {
    await assert.rejects(writer.write(rel, 'x'), OutsideRootError, rel);
  }
  fs.mkdirSync(path.join(tmp.dir, 'elsewhere'));
  fs.symlinkSync(path.join(tmp.dir, 'elsewhere'), path.join(root, 'data'));
  await assert.rejects(writer.write('data/x.json', 'x'), OutsideRootError);
  assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'elsewhere')), []);
});

test('a link to another folder gets no folder created through it before it is refused', async () => {
  using tmp = tempDir();
  const root = path.join(tmp.dir, 'root');
  fs.mkdirSync(root);
  const elsewhere = path.join(tmp.dir, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.symlinkSync(elsewhere, path.join(root, '_deleted'));
  const writer = new AtomicWriter(root, 'abc');
  await writer.write('data/note/a.json', '{}');
  await assert.rejects(writer.move('data/note/a.json', '_deleted/note/a.json'), OutsideRootError);
  await assert.rejects(writer.write('_deleted/note/deeper/b.json', '{}'), OutsideRootError);
  assert.deepEqual(fs.readdirSync(elsewhere), []);
  assert.deepEqual(fs.readdirSync(path.join(root, 'data/note')), ['a.json']);
});

test('a missing root is an error, not silently re-created', async () => {
  using tmp = tempDir();
  const writer = new AtomicWriter(path.join(tmp.dir, 'gone'), 'abc');
  await assert.rejects(writer.write('data/note/x.json', 'x'), { code: 'ENOENT' });
  assert.equal(fs.existsSync(path.join(tmp.dir, 'gone')), false);

  // Gone after it was checked (the drive unplugged while the writer runs): a new subfolder does not bring it back.
  const root = path.join(tmp.dir, 'root');
  fs.mkdirSync(root);
  const live = new AtomicWriter(root, 'abc');
  await live.write('data/note/x.json', 'x');
  fs.rmSync(root, { recursive: true });
  await assert.rejects(live.write('data/tag/y.json', 'y'), { code: 'ENOENT' });
  assert.equal(fs.existsSync(root), false);
});

test('moves and removals; only its own temporary files are cleaned up', async () => {
  using tmp = tempDir();
  const writer = new AtomicWriter(tmp.dir, 'abc');
  await writer.write('data/note/x.json', 'x');
  assert.equal(await writer.move('data/note/x.json', '_deleted/note/x.json'), true);
  assert.equal(await writer.move('data/note/x.json', '_deleted/note/x.json'), false);
  assert.equal(fs.readFileSync(path.join(tmp.dir, '_deleted/note/x.json'), 'utf8'), 'x');
  assert.equal(await writer.remove('_deleted/note/x.json'), true);
  assert.equal(await writer.remove('_deleted/note/x.json'), false);

  const dir = path.join(tmp.dir, 'data/note');
  fs.writeFileSync(path.join(dir, `${TEMP_PREFIX}abc-123456`), 'partial');
  fs.writeFileSync(path.join(dir, `${TEMP_PREFIX}other-123456`), 'someone else in flight');
  assert.equal(await writer.removeOwnTempFiles(['data/note', 'data/missing', '']), 1);
  assert.deepEqual(fs.readdirSync(dir), [`${TEMP_PREFIX}other-123456`]);
  assert.ok(isTempName(`${TEMP_PREFIX}other-123456`));
});
