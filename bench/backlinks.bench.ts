// Benchmark: the Backlinks section of a note that 100 notes link to, on the
// imported corpus, through the same handler the renderer calls
// (notes.backlinks) and the same list the section shows (backlinkNotes).
// The first question builds the index from every note (reported, no
// target); after that, target "shown ≤ 50 ms" (issue 15), p95.
import { createAppCore } from '../main/app/app-core';
import { readEverySummary } from '../main/notes/summary-pages';
import { headlessPlatform } from '../main/testing/headless-platform';
import { noteLinkMarkdown } from '../shared/note-links';
import { backlinkNotes } from '../renderer/components/editor/backlinks-model';
import { percentile, round, type BenchRow } from './bench-row';

const LINKING = 100;
const TARGET_MS = 50;

export async function benchBacklinks(profile: string): Promise<BenchRow[]> {
  const core = await createAppCore({ userDataDir: profile, platform: headlessPlatform(), events: { emit: () => undefined } });
  const { handlers } = core;
  const made: string[] = [];
  try {
    const target = await handlers['notes.create']({ title: 'Backlinks bench target', body: 'Linked from 100 notes.' });
    made.push(target._id);
    for (let i = 0; i < LINKING; i++) {
      const note = await handlers['notes.create']({
        title: `Backlinks bench ${String(i).padStart(3, '0')}`,
        body: `Part of the bench. See ${noteLinkMarkdown(target.title, target._id)} for more.\n`,
      });
      made.push(note._id);
    }
    // The changes feed has every new note once the summaries list them all.
    for (;;) {
      const summaries = await readEverySummary(handlers['notes.summaries']);
      if (made.every((id) => summaries.some((n) => n.id === id))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const byId = new Map((await readEverySummary(handlers['notes.summaries'])).map((n) => [n.id, n]));

    let started = performance.now();
    const first = backlinkNotes(await handlers['notes.backlinks']({ id: target._id }), byId);
    const cold = performance.now() - started;
    const warm: number[] = [];
    let shown = first.length;
    for (let i = 0; i < 50; i++) {
      started = performance.now();
      shown = backlinkNotes(await handlers['notes.backlinks']({ id: target._id }), byId).length;
      warm.push(performance.now() - started);
    }
    const p95 = percentile(warm, 95);
    return [
      { name: 'backlinks, first question (builds the index)', value: round(cold, 0), unit: 'ms', note: `${byId.size} notes` },
      {
        name: `backlinks of a note with ${LINKING} links to it, p95`, value: round(p95), unit: 'ms',
        target: `≤ ${TARGET_MS} ms`, ok: p95 <= TARGET_MS && shown === LINKING, note: `${shown} listed`,
      },
    ];
  } finally {
    if (made.length) {
      await handlers['notes.trash']({ ids: made });
      await handlers['notes.deleteForever']({ ids: made });
    }
    await core.close();
  }
}
