// The folder reader against a hostile folder, for several seeds: a real
// backup of a few hundred notes, then, chosen and placed by a seeded PRNG,
// FIFOs, sockets, links out of the folder (to documents that would be
// accepted, holding a secret), links inside (followed), dangling and looping
// links, links through a file, links to FIFOs, folders named *.json,
// truncated, empty, non-UTF-8 and 65 MiB sparse files, documents nested
// 6,000 levels deep and 90 (valid), a type folder that is not a folder, an
// attachment that is a link out; and while the scan and the restore run,
// files swapped for links to the outside secret, for FIFOs and for links
// inside. Each run must end (the test's timeout bounds it), restore every
// good document, list every hostile entry with its reason, account for every
// file once, and never let the secret into the database.
// A failing seed is in the test's name; QUIRE_FUZZ_SEEDS=1,2,3 runs others.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DocumentStore } from '../db/document-store';
import { locateDoc } from '../backup-format/file-name';
import { md5Digest } from '../backup-format/digest';
import { restoreBackup, scanBackupFolder } from './index';
import { assertAccounted, backUp, contentOf, tempFolder } from './restore-testing';
import { mulberry32 } from '../testing/seeded-random';

const NOTES = 300;
const DELETED = 5;
const SEEDS = (process.env.QUIRE_FUZZ_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const SECRET = 'SECRET-7f3a9c-never-to-be-read';
const unix = process.platform !== 'win32';

/** mulberry32: a small seeded PRNG, the same sequence for the same seed everywhere. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

const REV = '1-0123456789abcdef0123456789abcdef';
const note = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, _rev: REV, title: `title of ${id}`, body: 'body', bookId: 'book:b', createdAt: 1, updatedAt: 1, ...extra });
const stemFile = (folder: string, id: string) => {
  const { type, stem } = locateDoc(id);
  return path.join(folder, 'data', type, `${stem}.json`);
};
const relOf = (folder: string, file: string) => path.relative(folder, file).split(path.sep).join('/');

let shared: ReturnType<typeof tempFolder>;
/** The good backup every run starts from, and its live ids. */
let original: string;
let liveIds: string[];

before(async () => {
  shared = tempFolder('quire-fuzz-');
  const source = shared.open('source');
  await new DocumentStore(source).putMany([
    { _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: NOTES }, (_, i) => ({ _id: `note:n${i}`, title: `title of note:n${i}`, body: `body ${i}`, bookId: 'book:b', createdAt: 1, updatedAt: 1 })),
  ]);
  for (let i = 0; i < DELETED; i++) await source.remove(await source.get(`note:n${i}`));
  original = shared.path('original');
  await backUp(source, original);
  liveIds = ['book:b', ...Array.from({ length: NOTES - DELETED }, (_, i) => `note:n${i + DELETED}`)];
});

after(async () => {
  await shared?.[Symbol.asyncDispose]();
});

interface Expectation {
  /** Hostile entries, by path relative to the folder, and the reason each must be listed with. */
  skipped: Map<string, RegExp>;
  /** Documents that must be restored besides the backup's own (links inside, valid nesting). */
  restored: Map<string, string>;
}

/** Puts the hostile entries into `folder` (the outside secrets into `outside`); returns what must happen to each. */
function addHostile(folder: string, outside: string, seed: number, servers: net.Server[]): Expectation {
  const random = prng(seed);
  const skipped = new Map<string, RegExp>();
  const restored = new Map<string, string>();
  const extra = path.join(folder, 'extra'); // not Quire's: never read except through a link
  fs.mkdirSync(extra, { recursive: true });
  const typeDir = () => random.pick(['note', 'note', 'note', 'book', 'file', 'other'] as const);
  const hostileFile = (i: number) => path.join(folder, 'data', typeDir(), `h${seed}x${i}.json`);
  const secretNote = (id: string) => {
    const file = path.join(outside, `${locateDoc(id).stem}.json`);
    fs.writeFileSync(file, JSON.stringify(note(id, { body: SECRET })));
    return file;
  };
  const expect = (file: string, reason: RegExp) => skipped.set(relOf(folder, file), reason);
  const kinds: Record<string, (i: number) => void> = {
    fifo: (i) => {
      if (!unix) return;
      const file = hostileFile(i);
      execFileSync('mkfifo', [file]);
      expect(file, /not a regular file/);
    },
    socket: (i) => {
      if (!unix) return;
      const file = path.join(folder, 'data', 'note', `s${i}.json`);
      const server = net.createServer().listen(file);
      servers.push(server);
      expect(file, /not a regular file/);
    },
    linkOut: (i) => {
      const id = `note:out${seed}x${i}`;
      const file = stemFile(folder, id);
      fs.symlinkSync(secretNote(id), file);
      expect(file, /link pointing outside the backup folder/);
    },
    linkOutChained: (i) => {
      // A link inside the folder to a link leading out.
      const id = `note:chain${seed}x${i}`;
      const hop = path.join(extra, `hop${i}`);
      fs.symlinkSync(secretNote(id), hop);
      const file = stemFile(folder, id);
      fs.symlinkSync(hop, file);
      expect(file, /link pointing outside the backup folder/);
    },
    linkIn: (i) => {
      const id = `note:in${seed}x${i}`;
      const target = path.join(extra, `in${i}.json`);
      fs.writeFileSync(target, JSON.stringify(note(id)));
      fs.symlinkSync(random.next() < 0.5 ? target : path.relative(path.dirname(stemFile(folder, id)), target), stemFile(folder, id));
      restored.set(id, `title of ${id}`);
    },
    dangling: (i) => {
      const file = hostileFile(i);
      fs.symlinkSync(path.join(outside, `nothing${i}.json`), file);
      expect(file, /link to something that does not exist/);
    },
    throughFile: (i) => {
      const file = hostileFile(i);
      fs.symlinkSync(`${stemFile(folder, 'book:b')}/x`, file);
      expect(file, /link to something that does not exist/);
    },
    loop: (i) => {
      const file = hostileFile(i);
      fs.symlinkSync(file, file);
      expect(file, /link that loops/);
    },
    linkToFifo: (i) => {
      if (!unix) return;
      const fifo = random.next() < 0.5 ? path.join(extra, `fifo${i}`) : path.join(outside, `fifo${seed}x${i}`);
      execFileSync('mkfifo', [fifo]);
      const file = hostileFile(i);
      fs.symlinkSync(fifo, file);
      expect(file, fifo.startsWith(outside) ? /link pointing outside the backup folder/ : /link to something that is not a file/);
    },
    folder: (i) => {
      const file = hostileFile(i);
      fs.mkdirSync(file);
      fs.writeFileSync(path.join(file, 'inside.json'), JSON.stringify(note('note:x')));
      expect(file, /a folder, not a document file/);
    },
    truncated: (i) => {
      const id = `note:trunc${seed}x${i}`;
      const text = JSON.stringify(note(id), null, 2);
      fs.writeFileSync(stemFile(folder, id), text.slice(0, 1 + random.int(text.length - 2)));
      expect(stemFile(folder, id), /truncated JSON|not JSON/);
    },
    empty: (i) => {
      const file = hostileFile(i);
      fs.writeFileSync(file, '');
      expect(file, /an empty file/);
    },
    giant: (i) => {
      const file = hostileFile(i);
      fs.writeFileSync(file, '{"_id":"note:giant","body":"');
      fs.truncateSync(file, 65 * 1024 * 1024);
      expect(file, /65\.0 MiB, over the 64 MiB limit/);
    },
    deep: (i) => {
      const id = `note:deep${seed}x${i}`;
      const depth = 6000;
      const deepValue = random.next() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      fs.writeFileSync(stemFile(folder, id), JSON.stringify(note(id)).slice(0, -1) + `,"deep":${deepValue}}`);
      expect(stemFile(folder, id), /nested more than 100 levels deep/);
    },
    deepButValid: (i) => {
      const id = `note:ninety${seed}x${i}`;
      fs.writeFileSync(stemFile(folder, id), JSON.stringify(note(id)).slice(0, -1) + `,"deep":${'['.repeat(90)}${']'.repeat(90)}}`);
      restored.set(id, `title of ${id}`);
    },
    notUtf8: (i) => {
      const id = `note:latin${seed}x${i}`;
      fs.writeFileSync(stemFile(folder, id), Buffer.concat([Buffer.from(JSON.stringify(note(id)).slice(0, -1) + ',"x":"'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"}')]));
      expect(stemFile(folder, id), /not UTF-8/);
    },
    attachmentOut: (i) => {
      const id = `file:att${seed}x${i}`;
      const bytes = Buffer.from(`${SECRET} as an image`);
      fs.writeFileSync(path.join(outside, 'secret.png'), bytes);
      const name = `${locateDoc(id).stem}.png`;
      fs.symlinkSync(path.join(outside, 'secret.png'), path.join(folder, 'data', 'file', name));
      fs.writeFileSync(stemFile(folder, id), JSON.stringify({
        _id: id, _rev: REV, name: 'a.png', contentType: 'image/png', contentLength: bytes.length, createdAt: 1, publicIn: [],
        _attachments: { index: { content_type: 'image/png', length: bytes.length, digest: md5Digest(bytes), path: name } },
      }));
      expect(stemFile(folder, id), /link pointing outside the backup folder/);
    },
  };
  fs.mkdirSync(path.join(folder, 'data', 'file'), { recursive: true });
  fs.mkdirSync(path.join(folder, 'data', 'other'), { recursive: true });
  const names = Object.keys(kinds);
  const count = 30 + random.int(30);
  for (let i = 0; i < count; i++) kinds[random.pick(names)]!(i);
  // A type folder that is not a folder: a link out, a FIFO, a plain file (or nothing).
  const tag = path.join(folder, 'data', 'tag');
  const tagKind = random.pick(['link', 'fifo', 'file', 'none'] as const);
  if (tagKind === 'link') {
    fs.mkdirSync(path.join(outside, 'tags'));
    fs.writeFileSync(path.join(outside, 'tags', `${locateDoc('tag:secret').stem}.json`), JSON.stringify({ _id: 'tag:secret', _rev: REV, name: SECRET, createdAt: 1, updatedAt: 1 }));
    fs.symlinkSync(path.join(outside, 'tags'), tag);
    expect(tag, /links to folders are not followed/);
  } else if (tagKind === 'fifo' && unix) {
    execFileSync('mkfifo', [tag]);
    expect(tag, /not a folder/);
  } else if (tagKind === 'file') {
    fs.writeFileSync(tag, JSON.stringify({ _id: 'tag:t', _rev: REV, name: 't', createdAt: 1, updatedAt: 1 }));
    expect(tag, /not a folder/);
  }
  return { skipped, restored };
}

/**
 * Each call swaps one good document file, by rename (so its name never
 * disappears), for a link to a copy of the same document outside holding the
 * secret, a FIFO, or a link to another document inside; or puts the real
 * file back. Called over and over while the folder is read, so files change
 * under the walk and between the listing and the open.
 */
function swapper(folder: string, outside: string, seed: number, victims: string[]) {
  const random = prng(seed * 7919 + 1);
  const originals = new Map(victims.map((id) => [id, fs.readFileSync(stemFile(folder, id))]));
  let tick = 0;
  const stats = { swaps: 0, restores: 0 };
  const swap = () => {
    if (victims.length === 0) return;
    const id = random.pick(victims);
    const file = stemFile(folder, id);
    const tmp = path.join(path.dirname(file), `.swap-${tick++}`);
    if (!fs.lstatSync(file).isFile()) {
      fs.writeFileSync(tmp, originals.get(id)!);
      stats.restores++;
    } else {
      const kind = random.pick(['out', 'out', 'fifo', 'in'] as const);
      if (kind === 'out') {
        const secret = path.join(outside, `victim-${locateDoc(id).stem}.json`);
        fs.writeFileSync(secret, JSON.stringify(note(id, { body: SECRET, title: SECRET })));
        fs.symlinkSync(secret, tmp);
      } else if (kind === 'fifo' && unix) {
        execFileSync('mkfifo', [tmp]);
      } else {
        fs.symlinkSync(stemFile(folder, 'book:b'), tmp);
      }
      stats.swaps++;
    }
    fs.renameSync(tmp, file);
  };
  return { swap, stats };
}

for (const seed of SEEDS) {
  test(`seed ${seed}: every file restored or listed with its reason, the run ends, nothing outside is read`, { timeout: 120_000 }, async (ctx) => {
    await using t = tempFolder(`quire-fuzz-${seed}-`);
    const folder = t.path('backup');
    const outside = t.path('outside');
    fs.mkdirSync(outside);
    fs.cpSync(original, folder, { recursive: true });
    const servers: net.Server[] = [];
    try {
      const expected = addHostile(folder, outside, seed, servers);
      await Promise.all(servers.map((s) => new Promise((resolve) => (s.listening ? resolve(null) : s.once('listening', resolve)))));
      const random = prng(seed + 1_000_003);
      const victims = liveIds.filter((id) => id.startsWith('note:') && random.next() < 0.08);
      const { swap, stats } = swapper(folder, outside, seed, victims);
      // Swap while the scan and the restore read the folder (both at once, as a user may start a restore after a scan).
      const timer = setInterval(swap, 1);
      const target = t.open('target');
      let plan: Awaited<ReturnType<typeof scanBackupFolder>>;
      let result: Awaited<ReturnType<typeof restoreBackup>>;
      try {
        [plan, result] = await Promise.all([scanBackupFolder(folder), restoreBackup(target, folder)]);
      } finally {
        clearInterval(timer);
      }

      const content = await contentOf(target);
      for (const [id, state] of content) {
        assert.ok(!JSON.stringify(state.doc).includes(SECRET), `seed ${seed}: the secret is in ${id}`);
        for (const a of Object.values(state.attachments)) assert.ok(!Buffer.from(a.data, 'base64').includes(SECRET), `seed ${seed}: the secret is in ${id}'s attachment`);
      }
      const withConflicts = (await target.allDocs({ include_docs: true, conflicts: true })).rows.filter((r) => (r.doc as { _conflicts?: unknown[] } | undefined)?._conflicts?.length);
      assert.deepEqual(withConflicts.map((r) => r.id), [], `seed ${seed}: no other revision came in`);

      for (const [name, outcome] of [['scan', plan], ['restore', result]] as const) {
        const why = `seed ${seed}, ${name}: `;
        const listed = new Map(outcome.skipped.map((s) => [s.path, s.reason]));
        assert.equal(listed.size, outcome.skipped.length, `${why}each file listed once`);
        for (const s of outcome.skipped) assert.ok(!s.reason.includes(SECRET), `${why}a reason holds the secret`);
        for (const [rel, reason] of expected.skipped) {
          assert.ok(listed.has(rel), `${why}${rel} is listed as skipped`);
          assert.match(listed.get(rel)!, reason, `${why}${rel}`);
        }
        const victimFiles = new Set(victims.map((id) => relOf(folder, stemFile(folder, id))));
        const unexpected = [...listed].filter(([rel]) => !expected.skipped.has(rel) && !victimFiles.has(rel));
        assert.deepEqual(unexpected, [], `${why}nothing else is skipped`);
        for (const rel of victimFiles) if (listed.has(rel)) assert.notEqual(listed.get(rel)!.trim(), '', `${why}${rel} has a reason`);
        assertAccounted(folder, outcome, why);
      }

      // Every good document is there as the backup had it; a swapped one is there as it was, or listed.
      const restoredSkips = new Set(result.skipped.map((s) => s.path));
      for (const id of liveIds) {
        const victim = victims.includes(id);
        const rel = relOf(folder, stemFile(folder, id));
        if (victim && restoredSkips.has(rel)) {
          assert.ok(!content.has(id), `seed ${seed}: ${id} is listed as skipped and restored`);
          continue;
        }
        assert.ok(content.has(id), `seed ${seed}: ${id} was restored`);
        if (id.startsWith('note:')) assert.equal(content.get(id)!.doc!.title, `title of ${id}`, `seed ${seed}: ${id}`);
      }
      for (const [id, title] of expected.restored) assert.equal(content.get(id)?.doc?.title, title, `seed ${seed}: ${id} (followed or valid) was restored`);
      const expectedIds = new Set([...liveIds, ...expected.restored.keys()]);
      assert.deepEqual([...content.keys()].filter((id) => !expectedIds.has(id)), [], `seed ${seed}: nothing else is in the database`);
      ctx.diagnostic(`seed ${seed}: ${expected.skipped.size} hostile entries, ${victims.length} files swapped ${stats.swaps} times and put back ${stats.restores} times while read (${victims.filter((id) => restoredSkips.has(relOf(folder, stemFile(folder, id)))).length} read as swapped), restored ${result.restored}`);
    } finally {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
}
