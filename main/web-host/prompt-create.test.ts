// The browser host's folder prompt for a folder that does not exist yet: a
// prompt that may create its folder (the backup's "…") answers { missing },
// then creates it when asked; any other prompt (Restore…) refuses as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebPlatform } from './web-platform';
import type { PathPromptRequest } from '../../shared/types';

test('a missing folder: offered for creation where the prompt may create it, refused elsewhere', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-prompt-create-'));
  try {
    const asked: PathPromptRequest[] = [];
    const platform = createWebPlatform({
      events: { emit: (name: string, payload: unknown) => void (name === 'platform.pathPrompt' && asked.push(payload as PathPromptRequest)) } as never,
      launch: () => undefined,
    });
    const folder = path.join(dir, 'Backups', 'Quire');

    const picked = platform.pickFolder({ title: 'Backup', create: true });
    const request = asked.at(-1)!;
    assert.equal(request.create, true);
    assert.deepEqual(await platform.answerPathPrompt(request.requestId, folder), { missing: folder });
    assert.equal(fs.existsSync(folder), false, 'nothing is created before the person says so');
    assert.equal(await platform.answerPathPrompt(request.requestId, folder, true), undefined);
    assert.equal(await picked, folder);
    assert.equal(fs.statSync(folder).isDirectory(), true);

    const restore = platform.pickFolder({ title: 'Restore' });
    const other = asked.at(-1)!;
    assert.equal(other.create, undefined);
    const elsewhere = path.join(dir, 'nowhere');
    await assert.rejects(platform.answerPathPrompt(other.requestId, elsewhere, true), { message: `There is no folder at ${elsewhere}.` });
    assert.equal(fs.existsSync(elsewhere), false);
    await platform.answerPathPrompt(other.requestId, null);
    assert.equal(await restore, null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
