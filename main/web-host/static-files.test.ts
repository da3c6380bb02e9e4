import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveStaticFile } from './static-files';

let tmp: string;
let root: string;

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-static-')));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'renderer.js'), '');
  fs.writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link.txt'));
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('serves files inside the root with their content type, index.html for /', () => {
  const index = resolveStaticFile(root, '/');
  assert.equal(index.status, 200);
  assert.ok(index.status === 200 && index.contentType.startsWith('text/html'));
  const js = resolveStaticFile(root, '/renderer.js');
  assert.ok(js.status === 200 && js.contentType.startsWith('text/javascript'));
  const svg = resolveStaticFile(root, '/assets/logo.svg');
  assert.ok(svg.status === 200 && svg.contentType === 'image/svg+xml');
});

test('refuses every way out of the root', () => {
  for (const attempt of [
    '/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt',
    '/assets%00.js', '/%E0%A4%A', '/./index.html',
  ]) {
    assert.equal(resolveStaticFile(root, attempt).status, 403, attempt);
  }
  assert.equal(resolveStaticFile(root, '/link.txt').status, 403, 'a symlink pointing outside');
});

test('hides dot-files and answers 404 for missing files and folders', () => {
  assert.equal(resolveStaticFile(root, '/.env').status, 404);
  assert.equal(resolveStaticFile(root, '/nope.js').status, 404);
  assert.equal(resolveStaticFile(root, '/assets').status, 404);
});
