// Search at 200k notes (issue 16): the tldr corpus five times over
// (bench/scale-profile.ts), through the SearchService and its worker as the
// app runs them. A first start with no saved index builds it from every note
// and saves it at close; 10 notes are then changed while "Quire is closed";
// the next start loads the saved index, catches up on those changes, and is
// timed from opening the database to the first query's answer. Then the
// corpus benchmark's queries, through the worker, for the p95.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../main/db/open-database';
import { databasePath } from '../main/app/paths';
import { SearchService } from '../main/search/search-service';
import { copyScaleProfile } from './scale-profile';
import { SEARCH_BENCH_QUERIES } from './search.bench';
import { megabytes, percentile, round, type BenchRow } from './bench-row';

const FIRST_ANSWER_TARGET_MS = 2000;
const P95_TARGET_MS = 30;
const CHANGED_WHILE_CLOSED = 10;


export async function benchSearchScale(tmp: string): Promise<BenchRow[]> {
  const profile = path.join(tmp, 'scale-profile');
  const { notes } = await copyScaleProfile(profile);
  const dbPath = databasePath(profile);
  const indexFile = path.join(profile, 'cache', 'search-index.json');
  const rows: BenchRow[] = [];
  try {
    // First start: no saved index, every note read and indexed, then saved at close.
    {
      const started = performance.now();
      const db = openDatabase(dbPath);
      const search = new SearchService(db, { indexFile });
      search.start();
      const ready = await search.ready;
      const built = performance.now() - started;
      const rss = process.memoryUsage().rss;
      // Timed apart from close(), which waits for a save only so long.
      const saving = performance.now();
      await search.flush();
      const closeMs = performance.now() - saving;
      await search.close();
      rows.push(
        { name: `search ready, first start (rebuild, ${ready.notes} notes)`, value: round(built, 0), unit: 'ms', note: `source ${ready.source}` },
        { name: 'process RSS, search built (main + worker)', value: megabytes(rss), unit: 'MB', note: 'bench process, not the app' },
        { name: 'saving the index at close', value: round(closeMs, 0), unit: 'ms', note: `${megabytes(fs.statSync(indexFile).size)} MB file` },
      );
      // Ten notes edited while closed, as the CLI or a restore would: the next start must find their new text.
      const now = Date.now();
      const page = await db.allDocs({ include_docs: true, startkey: 'note:c4/', endkey: 'note:c4/\uffff', limit: CHANGED_WHILE_CLOSED });
      await db.bulkDocs(page.rows.map((r, i) => ({ ...r.doc!, body: `zebracorn${i} changed while closed`, updatedAt: now })));
      await db.close();
    }
    // Later start: the saved index plus the changes since.
    const started = performance.now();
    const db = openDatabase(dbPath);
    const search = new SearchService(db, { indexFile });
    const feed = db.changes({ since: 'now', live: true, include_docs: true });
    feed.on('change', (change) => search.apply(change));
    try {
      search.start();
      const first = await search.query('zebracorn3');
      const firstMs = performance.now() - started;
      const ready = await search.ready;
      if (first.length !== 1 || ready.source !== 'saved') {
        throw new Error(`the saved index was not used or missed a change made while closed (${ready.source}, ${ready.reason ?? ''}, ${first.length} found)`);
      }
      rows.push({
        name: `search answers first query after start (saved index, ${notes} notes)`, value: round(firstMs, 0), unit: 'ms',
        target: `≤ ${FIRST_ANSWER_TARGET_MS} ms`, ok: firstMs <= FIRST_ANSWER_TARGET_MS, note: `${ready.caughtUp ?? 0} changes caught up; the worker loaded the file in ${Math.round(ready.loadMs ?? 0)} ms`,
      });
      rows.push({ name: 'process RSS, saved index loaded (main + worker)', value: megabytes(process.memoryUsage().rss), unit: 'MB' });

      // As in the corpus benchmark: one pass to warm up, then the measured pass; here through the worker, as the app asks.
      for (const q of SEARCH_BENCH_QUERIES) await search.query(q);
      const times: number[] = [];
      for (const q of SEARCH_BENCH_QUERIES) {
        const t = performance.now();
        await search.query(q);
        times.push(performance.now() - t);
      }
      const p95 = percentile(times, 95);
      const slowest = SEARCH_BENCH_QUERIES.map((q, i) => ({ q, ms: times[i]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((s) => `${s.q} ${Math.round(s.ms)} ms`)
        .join(', ');
      rows.push(
        { name: `search p50 at 200k (${times.length} queries)`, value: round(percentile(times, 50), 2), unit: 'ms' },
        { name: `search p95 at 200k (${times.length} queries)`, value: round(p95, 2), unit: 'ms', target: `≤ ${P95_TARGET_MS} ms`, ok: p95 <= P95_TARGET_MS, note: `slowest: ${slowest}` },
        { name: 'search max at 200k', value: round(Math.max(...times), 2), unit: 'ms' },
      );
    } finally {
      feed.cancel();
      await search.close();
      await db.close();
    }
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return rows;
}
