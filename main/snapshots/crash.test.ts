// SIGKILL at random points during snapshots, merges and prunes, many times,
// with two installations (two processes, two databases) writing into one
// folder at once and clocks that jump back: after every kill the store
// verifies clean and every snapshot it lists restores whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import { ObjectStore, STORE_DIR, listSnapshots, restoreSnapshot, verifyStore } from './index';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = 16; // two processes killed each round: 32 kills

async function seed(db: Database): Promise<void> {
  const img = Buffer.alloc(3000, 7);
  await db.bulkDocs([
    { _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: 60 }, (_, i) => ({
      _id: `note:n${i}`, title: `Note ${i}`, body: `Body of note ${i}\n`.repeat(i % 7 === 0 ? 400 : 20), bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1,
    })),
    {
      _id: 'file:f0', name: 'f0.png', contentType: 'image/png', contentLength: img.length, createdAt: 1, publicIn: [],
      _attachments: { index: { content_type: 'image/png', data: img.toString('base64') } },
    },
  ]);
}

/** Starts the child, waits for it to be ready, lets it run for `ms`, then SIGKILLs it. */
function runAndKill(script: string, args: string[], ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => ((killed = true), child.kill('SIGKILL')), ms);
    });
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve(stderr);
      else reject(new Error(`the child ended by itself (${code ?? signal}): ${stderr}`));
    });
  });
}

test('SIGKILLed 32 times while snapshotting, merging and pruning, two at once: the store verifies and every snapshot restores', { timeout: 300_000 }, async () => {
  await using t = tempFolder('quire-crash-');
  // Bundled once: starting each child through tsx would cost more than the test's whole budget.
  // Beside node_modules, where the bundle's packages resolve from.
  const script = path.join(here, '..', '..', 'node_modules', '.cache', `quire-crash-child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(here, 'crash-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'silent',
  });
  // Removed however the test ends (await using runs it after the body, even when an assertion fails).
  await using _bundle = { [Symbol.asyncDispose]: async () => fs.rmSync(script, { force: true }) };
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  for (const name of ['a', 'b']) {
    const db = t.open(name);
    await seed(db);
    await db.close();
  }
  const restored = new Set<string>();
  let seedNo = 1;
  let restores = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Random lifetimes: from before the first snapshot is done to a dozen snapshots in.
    const t0 = performance.now();
    await Promise.all(['a', 'b'].map((name) => runAndKill(script, [t.path(name), folder, String(seedNo++)], 30 + Math.floor(Math.random() * 700))));
    const t1 = performance.now();
    const store = ObjectStore.open(folder, { create: false });
    if (!store) continue; // killed before the store was made
    try {
      const verify = verifyStore(store);
      assert.deepEqual(verify.damaged, [], `round ${round}`);
      const { snapshots, unreadable } = listSnapshots(store);
      assert.deepEqual(unreadable, []);
      // Each installation's snapshots in counter order, their sequences never going back.
      for (const client of new Set(snapshots.map((s) => s.client))) {
        const own = snapshots.filter((s) => s.client === client);
        for (let i = 1; i < own.length; i++) {
          assert.ok(own[i]!.counter > own[i - 1]!.counter);
          assert.ok(own[i]!.seq >= own[i - 1]!.seq);
        }
      }
      // A snapshot never changes once written: each is restored the first time it is listed.
      for (const s of snapshots.filter((x) => !restored.has(x.id))) {
        const fresh = t.open(`fresh-${restores++}`);
        const result = await restoreSnapshot(fresh, store, s);
        assert.equal(result.skippedCount, 0, JSON.stringify(result.skipped.slice(0, 2)));
        const live = (await fresh.allDocs()).rows.filter((r) => !r.id.startsWith('_design/')).length;
        assert.equal(live, s.docs, `snapshot ${s.ref}: ${live} documents restored, ${s.docs} recorded`);
        await fresh.destroy();
        restored.add(s.id);
      }
    } finally {
      store.close();
    }
    if (process.env.CRASH_TIMING) console.log(`round ${round}: children ${Math.round(t1 - t0)} ms, checks ${Math.round(performance.now() - t1)} ms, ${restores} restores`);
  }
  assert.ok(restored.size >= ROUNDS, `${restored.size} snapshots checked`);
  const fsck = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr + fsck.stdout);
});
