import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebPlatform, osOpenerCommand, resolvePromptPath } from './web-platform';
import { eventLog } from '../testing/until';
import type { EventSink } from '../ipc/dispatch';

function recorder() {
  const emitted: Array<{ name: string; payload: unknown }> = [];
  const events: EventSink = { emit: (name, payload) => void emitted.push({ name, payload }) };
  return { emitted, events };
}

test('prompt paths: ~ is home, relative paths are taken from home', () => {
  assert.equal(resolvePromptPath('~', '/home/ada'), '/home/ada');
  assert.equal(resolvePromptPath(' ~/notes ', '/home/ada'), '/home/ada/notes');
  assert.equal(resolvePromptPath('notes/a', '/home/ada'), '/home/ada/notes/a');
  assert.equal(resolvePromptPath('/srv/x/../y', '/home/ada'), '/srv/y');
});

test('the OS opener is open on macOS, explorer on Windows, xdg-open elsewhere', () => {
  assert.equal(osOpenerCommand('darwin'), 'open');
  assert.equal(osOpenerCommand('win32'), 'explorer');
  assert.equal(osOpenerCommand('linux'), 'xdg-open');
});

test('pickFolder asks the renderer and resolves with its answer; cancel gives null', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-web-platform-'));
  try {
    const { emitted, events } = recorder();
    const platform = createWebPlatform({ events, launch: () => undefined });
    const picked = platform.pickFolder({ title: 'Import', defaultPath: tmp });
    const prompt = emitted[0]!;
    assert.equal(prompt.name, 'platform.pathPrompt');
    const { requestId, title, defaultPath } = prompt.payload as { requestId: string; title: string; defaultPath: string };
    assert.deepEqual([title, defaultPath], ['Import', tmp]);
    assert.deepEqual(platform.openPrompts().map((p) => p.requestId), [requestId]);

    fs.writeFileSync(path.join(tmp, 'file.md'), '# x');
    await assert.rejects(platform.answerPathPrompt(requestId, path.join(tmp, 'file.md')), /is a file, not a folder/);
    await assert.rejects(platform.answerPathPrompt(requestId, path.join(tmp, 'missing')), /There is no folder at/);
    await platform.answerPathPrompt(requestId, tmp);
    assert.equal(await picked, tmp);
    assert.deepEqual(platform.openPrompts(), []);
    await platform.answerPathPrompt(requestId, tmp); // a second tab's late answer is ignored

    const cancelled = platform.pickFolder({ title: 'Again' });
    await platform.answerPathPrompt((emitted[1]!.payload as { requestId: string }).requestId, null);
    assert.equal(await cancelled, null);

    const shutdown = platform.pickFolder({ title: 'Left open' });
    platform.cancelAll();
    assert.equal(await shutdown, null);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a prompt belongs to the page that asked: shown there, replaced by its next one, answered null when the page goes', async () => {
  const { emitted, events } = recorder();
  const platform = createWebPlatform({ events, launch: () => undefined });
  const shown = new Map<string, string[]>();
  const page = (name: string) => ({ showPrompt: (request: { title: string }) => shown.set(name, [...(shown.get(name) ?? []), request.title]) });
  const a = page('a');
  const b = page('b');
  const first = platform.forPage(a, () => platform.pickFolder({ title: 'Restore' }));
  const other = platform.forPage(b, async () => {
    await Promise.resolve(); // still the page's after an await
    return platform.pickFolder({ title: 'Import' });
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(Object.fromEntries(shown), { a: ['Restore'], b: ['Import'] });
  assert.deepEqual(emitted, [], 'no other page is shown them');

  // Asked again from the same page (each click on "…"): one prompt, the newest; the older answers null.
  const second = platform.forPage(a, () => platform.pickFolder({ title: 'Backup' }));
  assert.equal(await first, null);
  assert.deepEqual(platform.openPrompts().map((p) => p.title).sort(), ['Backup', 'Import']);

  // The page goes away (reload, closed tab): its prompt goes with it; the other page's stays.
  platform.pageGone(a);
  assert.equal(await second, null);
  assert.deepEqual(platform.openPrompts().map((p) => p.title), ['Import']);
  platform.pageGone(b);
  assert.equal(await other, null);
});

test('notifications become events; links other than web and mail are refused', async () => {
  const { emitted, events } = recorder();
  const launched: string[] = [];
  const platform = createWebPlatform({ events, launch: (t) => launched.push(t) });
  platform.notify({ id: 'n1', title: 'Done' });
  assert.deepEqual(emitted, [{ name: 'app.notification', payload: { id: 'n1', title: 'Done' } }]);
  await platform.openExternal('https://example.com/a');
  await platform.openExternal('mailto:ada@example.com');
  await assert.rejects(platform.openExternal('javascript:alert(1)'), /only web and e-mail links/);
  await assert.rejects(platform.openExternal('file:///etc/passwd'), /only web and e-mail links/);
  await assert.rejects(platform.openExternal('not a url'), /not a valid link/);
  await platform.openPath('relative/folder');
  assert.deepEqual(launched, ['https://example.com/a', 'mailto:ada@example.com', path.resolve('relative/folder')]);
});

test('a missing opener is logged, not thrown', async () => {
  const logged = eventLog<string>();
  const platform = createWebPlatform({ events: recorder().events, log: (m) => logged.push(m) });
  const previous = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    // Resolves: the failure to start the opener comes later, as an 'error' event, and is logged.
    await platform.openPath(os.tmpdir());
  } finally {
    process.env.PATH = previous;
  }
  assert.match(await logged.next(() => true), /could not open/);
  assert.equal(logged.seen.length, 1);
});
