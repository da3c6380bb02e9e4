// Sync through a CouchDB-protocol server on loopback (issue 17):
// - the first pull of the corpus (38k notes + 500 images) into an empty
//   profile by Quire's sync (SyncController: PouchDB's sync plus our state),
//   against a plain PouchDB.replicate of the same database in the same run;
// - the heap of that pull after 10k documents and at the end (flat);
// - the same first pull into a running app (AppCore: the note list, search
//   and counts follow every change), with the main thread's event-loop delay;
// - a note saved in one app shown in the other's list (notes.changed), live.
// The server is pouchdb-server in its own process (main/testing/couch-server.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import PouchDB from 'pouchdb-node';
import { openDatabase, type Database } from '../main/db/open-database';
import { createAppCore, type AppCore } from '../main/app/app-core';
import { headlessPlatform } from '../main/testing/headless-platform';
import { createDatabase, startCouchServer, type CouchServer } from '../main/testing/couch-server';
import { SyncController } from '../main/sync/sync-controller';
import { openRemoteDatabase } from '../main/sync/remote-database';
import type { SyncState } from '../shared/contract/sync-requests';
import type { EventName, EventPayload } from '../shared/contract/index';
import { percentile, round, type BenchRow } from './bench-row';
import { IMAGE_COUNT, profileWithImages } from './profile-with-images';

const MB = 1024 * 1024;
const LIVE_SAMPLES = 40;

const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30 * 60_000, every = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** The profile's database plus 500 images, put on the server (set-up, not timed). */
async function fillServer(server: CouchServer, profile: string, tmp: string, name: string): Promise<number> {
  const source = await profileWithImages(profile, path.join(tmp, 'source'));
  try {
    await createDatabase(server, name);
    const remote = openRemoteDatabase(new URL(server.url), name, server.admin);
    await PouchDB.replicate(source, remote.db);
    await remote.db.close();
    return (await source.info()).doc_count;
  } finally {
    await source.close();
  }
}

export async function benchSync(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-sync-'));
  const server = await startCouchServer();
  const apps: AppCore[] = [];
  try {
    const name = server.freshDatabase('corpus');
    const docs = await fillServer(server, profile, tmp, name);
    const credentials = { user: server.admin.user, password: server.admin.password };

    // Two rounds, floor and ours alternating, each side's best kept: so that neither alone meets
    // a slow moment of the machine (or the server's caches warming up during the first pull).
    const floorRuns: number[] = [];
    const engineRuns: { pullMs: number; upToDateMs: number }[] = [];
    const floorDelay = monitorEventLoopDelay({ resolution: 10 });
    const engineDelay = monitorEventLoopDelay({ resolution: 10 });
    const states: SyncState[] = [];
    const heap: { start?: number; at10k?: number; end?: number } = {};
    let pulled = 0;
    for (const round of [1, 2]) {
      // Floor: PouchDB.replicate from the server into an empty database.
      const floorDb = openDatabase(path.join(tmp, `floor-${round}`));
      const remote = openRemoteDatabase(new URL(server.url), name, server.admin);
      floorDelay.enable();
      const floorStarted = performance.now();
      await PouchDB.replicate(remote.db, floorDb, { batch_size: 100 });
      floorRuns.push(performance.now() - floorStarted);
      floorDelay.disable();
      await remote.db.close();
      await floorDb.close();

      // Quire's sync on its own (no app around it): the time against the floor, and its heap (first round).
      const engineDir = path.join(tmp, `engine-${round}`);
      const engineDb: Database = openDatabase(path.join(engineDir, 'db'));
      const controller = new SyncController({
        db: engineDb, userDataDir: engineDir, secrets: null,
        onStatus: (s) => {
          if (round !== 1) return;
          states.push(s);
          if (s.state === 'syncing' && s.done >= 10_000 && heap.at10k === undefined) {
            gc();
            heap.at10k = process.memoryUsage().heapUsed;
          }
        },
      });
      gc();
      heap.start ??= process.memoryUsage().heapUsed;
      engineDelay.enable();
      const started = performance.now();
      const connected = await controller.connect({ url: server.url, ...credentials, database: name });
      if (!connected.ok) throw new Error(connected.message);
      // The pull is done when every document of the server is here; "up to date" follows once the push has checked them.
      await until(async () => (await engineDb.info()).doc_count >= docs, 'the engine\'s first pull', undefined, 50);
      const pullMs = performance.now() - started;
      await until(() => controller.status().state === 'up-to-date', 'the engine to be up to date');
      engineRuns.push({ pullMs, upToDateMs: performance.now() - started });
      engineDelay.disable();
      if (round === 1) {
        gc();
        heap.end = process.memoryUsage().heapUsed;
        pulled = (await engineDb.info()).doc_count;
      }
      await controller.close();
      await engineDb.close();
    }
    const floorMs = Math.min(...floorRuns);
    const engineMs = Math.min(...engineRuns.map((r) => r.pullMs));
    const upToDateMs = Math.min(...engineRuns.map((r) => r.upToDateMs));
    const ratio = engineMs / floorMs;
    const heapStart = heap.start!;
    const heapGrowth = heap.end! / (heap.at10k ?? heap.end!);

    // The same pull into a running app, its main thread watched.
    const appEvents = (into: { name: string; payload: unknown }[]) => ({
      emit<E extends EventName>(event: E, payload: EventPayload<E>) {
        into.push({ name: event, payload });
      },
    });
    const seenA: { name: string; payload: unknown }[] = [];
    const appA = await createAppCore({ userDataDir: path.join(tmp, 'app-a'), platform: headlessPlatform(), events: appEvents(seenA) });
    apps.push(appA);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const appStarted = performance.now();
    const appConnect = await appA.handlers['sync.connect']({ url: server.url, ...credentials, database: name });
    if (!appConnect.ok) throw new Error(appConnect.message);
    await until(() => appA.sync.status().state === 'up-to-date', 'the app\'s first pull');
    const appMs = performance.now() - appStarted;
    delay.disable();

    // Live: two apps on a small database; a note created in one, timed until the other's list has it.
    const small = server.freshDatabase('live');
    const seenB: { name: string; payload: unknown }[] = [];
    const seenC: { name: string; payload: unknown }[] = [];
    const appB = await createAppCore({ userDataDir: path.join(tmp, 'app-b'), platform: headlessPlatform(), events: appEvents(seenB) });
    apps.push(appB);
    const appC = await createAppCore({ userDataDir: path.join(tmp, 'app-c'), platform: headlessPlatform(), events: appEvents(seenC) });
    apps.push(appC);
    for (const app of [appB, appC]) {
      const result = await app.handlers['sync.connect']({ url: server.url, ...credentials, database: small });
      if (!result.ok) throw new Error(result.message);
      await until(() => app.sync.status().state === 'up-to-date', 'the small database\'s first sync');
    }
    const latencies: number[] = [];
    for (let i = 0; i < LIVE_SAMPLES; i++) {
      const mark = seenC.length;
      const t0 = performance.now();
      const note = await appB.handlers['notes.create']({ title: `live ${i}`, body: `written at ${Date.now()}` });
      await until(() => seenC.slice(mark).some((e) => e.name === 'notes.changed' && (e.payload as { upserted: { id: string }[] }).upserted.some((s) => s.id === note._id)), 'the note in the other list', 60_000);
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const p95 = percentile(latencies, 95);

    return [
      { name: 'sync: first pull, plain PouchDB.replicate (floor)', value: round(floorMs / 1000, 1), unit: 's', note: `best of ${floorRuns.map((ms) => round(ms / 1000, 1)).join(', ')} s; ${docs} documents (${IMAGE_COUNT} images) from pouchdb-server on 127.0.0.1` },
      { name: 'sync: first pull, Quire\'s sync (SyncController)', value: round(engineMs / 1000, 1), unit: 's', note: `best of ${engineRuns.map((r) => round(r.pullMs / 1000, 1)).join(', ')} s, until the ${pulled} documents are here; ${states.length} states sent` },
      { name: 'sync: first sync up to date (the push has checked every document)', value: round(upToDateMs / 1000, 1), unit: 's', note: `${round(upToDateMs / floorMs, 2)}× the floor` },
      { name: 'sync: first pull / floor', value: round(ratio, 2), unit: '×', target: '≤ 1.2× floor', ok: ratio <= 1.2 },
      {
        name: 'sync: heap growth, 38k / 10k documents pulled',
        value: round(heapGrowth, 2),
        unit: '×',
        target: '≤ 1.5× (flat)',
        ok: heapGrowth <= 1.5,
        note: `heap after gc: ${round(heapStart / MB, 0)} MB before, ${round((heap.at10k ?? 0) / MB, 0)} MB after 10k, ${round(heap.end! / MB, 0)} MB at the end`,
      },
      { name: 'sync: main event-loop delay p99, plain PouchDB.replicate', value: round(floorDelay.percentile(99) / 1e6, 1), unit: 'ms', note: 'the floor\'s own, for comparison' },
      { name: 'sync: main event-loop delay p99, first pull, sync alone', value: round(engineDelay.percentile(99) / 1e6, 1), unit: 'ms', note: 'SyncController on a bare database: the replication\'s own share' },
      { name: 'sync: first pull into the running app', value: round(appMs / 1000, 1), unit: 's', note: 'AppCore: note list, search and counts follow every change' },
      { name: 'sync: main event-loop delay p99, first pull into the app', value: round(delay.percentile(99) / 1e6, 1), unit: 'ms', target: '≤ 30 ms', ok: delay.percentile(99) / 1e6 <= 30 },
      { name: 'sync: a note saved in one app, in the other\'s list, p95', value: round(p95, 0), unit: 'ms', target: '≤ 2000 ms', ok: p95 <= 2000, note: `${LIVE_SAMPLES} notes, median ${round(percentile(latencies, 50), 0)} ms` },
    ];
  } finally {
    for (const app of apps) await app.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
