// Benchmark: the note list's data on the whole corpus, through the same
// handlers the renderer calls: the first (cold) load after start, then warm calls.
import { createAppCore } from '../main/app/app-core';
import { readEverySummary } from '../main/notes/summary-pages';
import { headlessPlatform } from '../main/testing/headless-platform';
import { visibleNotes } from '../renderer/state/library';
import { percentile, round, type BenchRow } from './bench-row';


export async function benchListNotes(profile: string): Promise<BenchRow[]> {
  const core = await createAppCore({ userDataDir: profile, platform: headlessPlatform(), events: { emit: () => undefined } });
  try {
    let started = performance.now();
    const first = await readEverySummary(core.handlers['notes.summaries']);
    const cold = performance.now() - started;
    const warm: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      started = performance.now();
      await readEverySummary(core.handlers['notes.summaries']);
      warm.push(performance.now() - started);
    }
    // The renderer filters and sorts the summaries itself (renderer/state/library.ts).
    const byId = new Map(first.map((n) => [n.id, n]));
    const listed: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      started = performance.now();
      visibleNotes(byId, { kind: 'all' }, [], i % 2 ? 'title' : 'updatedAt', null);
      listed.push(performance.now() - started);
    }
    return [
      { name: 'note summaries, first load', value: round(cold, 0), unit: 'ms', note: `${first.length} notes` },
      { name: 'note summaries, warm p95', value: round(percentile(warm, 95)), unit: 'ms' },
      { name: 'list notes sorted, warm p95', value: round(percentile(listed, 95)), unit: 'ms' },
    ];
  } finally {
    await core.close();
  }
}
