// The note list's first showing at 200k notes (issue 16), as open-app.bench.ts
// measures it at 38k: from starting the browser host to the first note rows
// in Chromium, on a copy of the 192k-note profile (bench/scale-profile.ts).
// The first start has no summary cache (and builds the search index after
// the list is out: the bench waits for a search to answer, so its index is
// saved at close); it is measured three times (caches removed in between)
// and the median compared with the target; the later starts are what a user sees every day. In
// those, 'tar' is typed as soon as the first rows show, as a user in a hurry
// would, and timed until its results and count are on screen.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { epochNow, firstRowShown, rowsShown, searchAnswered, startHost } from './open-app.bench';
import { BENCH_CHROMIUM_ARGS, memoryAfterStart, memoryRow, type MemoryAfterStart } from './quire-memory';
import { copyScaleProfile } from './scale-profile';
import { percentile, round, type BenchRow } from './bench-row';

const FIRST_START_TARGET_MS = 4000;
const LATER_START_TARGET_MS = 1500;
const LATER_STARTS = 4;
/**
 * First starts measured (each on the same copy, its caches removed), their
 * median against the target: one alone swung from 3.6 to 5.1 s between
 * runs of the same build on this shared two-core machine.
 */
const FIRST_STARTS = 3;
const MEMORY_TARGET_MB = 1024;
const SEARCH_TARGET_MS = 2000;

export async function benchOpenScale(tmp: string): Promise<BenchRow[]> {
  const profile = path.join(tmp, 'open-scale-profile');
  const { notes } = await copyScaleProfile(profile);
  const executablePath = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: BENCH_CHROMIUM_ARGS,
  });
  const times: number[] = [];
  const whole: number[] = [];
  const typedAtFirstRows: { fromStart: number; fromFirstRows: number }[] = [];
  let listed = 0;
  let indexSaved = false;
  let memory: MemoryAfterStart | null = null;
  const firstStarts: number[] = [];
  try {
    // The first starts but the last: the first rows, then the host stopped and its caches removed.
    for (let run = 1; run < FIRST_STARTS; run += 1) {
      const page = await browser.newPage();
      const started = epochNow();
      const host = startHost(profile);
      try {
        firstStarts.push((await firstRowShown(page, async () => page.goto(await host.url), 120_000)) - started);
      } finally {
        await page.close();
        await host.stop();
      }
      fs.rmSync(path.join(profile, 'cache'), { recursive: true, force: true });
    }
    for (let run = 0; run <= LATER_STARTS; run += 1) {
      const page = await browser.newPage();
      const started = epochNow();
      const host = startHost(profile);
      try {
        const firstRow = await firstRowShown(page, async () => page.goto(await host.url), 120_000);
        times.push(firstRow - started);
        listed = await rowsShown(page);
        if (run > 0) {
          // A user who types as soon as the list shows: a query answered, results and count on screen.
          await searchAnswered(page, 'tar', notes, 120_000);
          const answered = epochNow();
          typedAtFirstRows.push({ fromStart: answered - started, fromFirstRows: answered - firstRow });
          await page.getByTestId('search-input').fill('');
        }
        // The first screenful comes first; the count says all notes once every summary has arrived.
        await page.waitForFunction(
          (n) => (document.querySelector('[data-testid="note-count"]')?.textContent ?? '').replace(/\D/g, '') === String(n),
          notes,
          { timeout: 180_000 },
        );
        whole.push(epochNow() - started);
        if (run === 0) {
          // As after a first session: search built (a query answered) and its index saved at close, so later starts load it
          // instead of building it again beside the list (which a host stopped before the build ends would make them do).
          await searchAnswered(page, 'tar', notes, 300_000);
        }
        if (run === LATER_STARTS) {
          // The last start: the list shown and search ready (the saved index loaded), as issue 16 counts memory.
          await searchAnswered(page, 'tar', notes, 300_000);
          memory = await memoryAfterStart(host.pid);
        }
      } finally {
        await page.close();
        await host.stop();
      }
      if (run === 0) indexSaved = fs.existsSync(path.join(profile, 'cache', 'search-index.json'));
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const [first, ...later] = times;
  firstStarts.push(first!);
  const firstMedian = percentile(firstStarts, 50);
  const p95 = percentile(later, 95);
  return [
    {
      name: `open app at 200k, first start (no summary cache, ${notes} notes; median of ${FIRST_STARTS})`, value: round(firstMedian, 0), unit: 'ms',
      target: `≤ ${FIRST_START_TARGET_MS} ms`, ok: firstMedian <= FIRST_START_TARGET_MS,
      note: `${firstStarts.map((t) => Math.round(t)).join(', ')} ms; ${listed} rows shown with the first`,
    },
    { name: 'open app at 200k, every note listed, first start', value: round(whole[0]!, 0), unit: 'ms', note: 'the count shows all notes' },
    {
      name: `open app at 200k, first note list shown (worst of ${LATER_STARTS} later starts)`, value: round(p95, 0), unit: 'ms',
      target: `≤ ${LATER_START_TARGET_MS} ms`, ok: p95 <= LATER_START_TARGET_MS,
      note: `${later.map((t) => Math.round(t)).join(', ')}; search index ${indexSaved ? 'saved by the first start' : 'NOT saved by the first start (rebuilt)'}`,
    },
    { name: 'open app at 200k, every note listed, later starts (worst)', value: round(Math.max(...whole.slice(1)), 0), unit: 'ms', note: 'after the search below' },
    {
      name: `open app at 200k, a search typed at the first rows answered, from start (worst of ${LATER_STARTS} later starts)`,
      value: round(Math.max(...typedAtFirstRows.map((t) => t.fromStart)), 0), unit: 'ms',
      target: `≤ ${SEARCH_TARGET_MS} ms`, ok: Math.max(...typedAtFirstRows.map((t) => t.fromStart)) <= SEARCH_TARGET_MS,
      note: `'tar': ${typedAtFirstRows.map((t) => Math.round(t.fromStart)).join(', ')} ms from start; ${typedAtFirstRows.map((t) => Math.round(t.fromFirstRows)).join(', ')} ms after the first rows`,
    },
    ...memoryRow(memory, `${notes} notes`, MEMORY_TARGET_MB),
  ];
}
