// `npm run bench`: the performance suite. Not part of `npm test`: timings
// belong here, compared with targets (and, where an issue asks, with a floor
// measured in the same run), never in unit tests.
//
// One temporary folder holds the unpacked corpus and one imported profile;
// the scenarios after the import reuse that profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchImportCorpus } from './import-corpus.bench';
import { benchListNotes } from './list-notes.bench';
import { benchOpenApp } from './open-app.bench';
import { benchSearch } from './search.bench';
import { benchSearchScale } from './search-scale.bench';
import { benchOpenScale } from './open-scale.bench';
import { benchEditor, benchEditorScale } from './editor.bench';
import { benchWorkersScale } from './workers-scale.bench';
import { benchBackup, benchWatcherLatency } from './backup.bench';
import { benchExport } from './export.bench';
import { benchRestore } from './restore.bench';
import { benchBacklinks } from './backlinks.bench';
import { benchSnapshot } from './snapshot.bench';
import { benchSync } from './sync.bench';
import type { BenchRow } from './bench-row';

interface Scenario {
  name: string;
  run: (ctx: { tmp: string; profile: string }) => Promise<BenchRow[]>;
}

const scenarios: Scenario[] = [
  {
    name: 'import',
    run: async ({ tmp, profile }) => {
      const rows = await benchImportCorpus(tmp);
      // The imported database becomes the profile's own, for the scenarios after this one.
      fs.mkdirSync(path.join(profile, 'db'), { recursive: true });
      fs.renameSync(path.join(tmp, 'import-db'), path.join(profile, 'db', 'notes'));
      return rows;
    },
  },
  { name: 'list', run: ({ profile }) => benchListNotes(profile) },
  { name: 'open', run: ({ profile }) => benchOpenApp(profile) },
  { name: 'search', run: () => benchSearch() },
  // 200k notes (issue 16): its own cached profile (bench/scale-profile.ts), not the imported one.
  { name: 'search-200k', run: ({ tmp }) => benchSearchScale(tmp) },
  { name: 'open-200k', run: ({ tmp }) => benchOpenScale(tmp) },
  { name: 'editor', run: ({ profile }) => benchEditor(profile) },
  // The same at 200k notes (issue 16), on a later start of a copy of the 192k profile.
  { name: 'editor-200k', run: ({ tmp }) => benchEditorScale(tmp) },
  // The mirror, snapshot, export and restore's memory at 200k notes (issue 16).
  { name: 'workers-200k', run: ({ tmp }) => benchWorkersScale(tmp) },
  { name: 'backup', run: ({ profile }) => benchBackup(profile) },
  { name: 'backup-watcher', run: ({ profile }) => benchWatcherLatency(profile) },
  { name: 'restore', run: ({ profile }) => benchRestore(profile) },
  { name: 'snapshot', run: ({ profile }) => benchSnapshot(profile) },
  { name: 'export', run: ({ profile }) => benchExport(profile) },
  { name: 'sync', run: ({ profile }) => benchSync(profile) },
  // Last: it adds notes to the profile (and deletes them again).
  { name: 'backlinks', run: ({ profile }) => benchBacklinks(profile) },
];

function formatTable(rows: BenchRow[]): string {
  const header = ['scenario', 'value', 'target', 'result', 'note'];
  const body = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main() {
  const only = process.argv.slice(2);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-'));
  const profile = path.join(tmp, 'profile');
  const rows: BenchRow[] = [];
  try {
    for (const scenario of scenarios) {
      // Later scenarios need the imported profile, so the import always runs.
      if (only.length && scenario.name !== 'import' && !only.includes(scenario.name)) continue;
      process.stderr.write(`bench: ${scenario.name}…\n`);
      const result = await scenario.run({ tmp, profile });
      for (const row of result) process.stderr.write(`  ${row.name}: ${row.value} ${row.unit}\n`);
      rows.push(...result);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nQuire benchmarks (${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()})\n`);
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.ok === false);
  if (missed.length) {
    console.log(`\n${missed.length} target(s) missed: ${missed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
