// The memory of all of Quire's processes together, as issue 16 counts it in
// the browser host: the host process (its main thread and every worker
// thread: search, backup, restore) and the Chromium renderer showing the
// window. Each is its proportional set size (PSS, /proc/<pid>/smaps_rollup):
// pages shared with other processes (Chromium's code, libc) count for their
// share only, so the sum is what Quire adds to the machine. Linux only.
import fs from 'node:fs';
import { megabytes, type BenchRow } from './bench-row';

/** PSS of a process in bytes (its resident set where smaps_rollup is missing). */
function pssOf(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (kb) return Number(kb[1]) * 1024;
  } catch {
    // gone, or no smaps_rollup: the resident set below
  }
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/** The processes below `root` (children, their children…). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  const below = (pid: number) => {
    for (const [child, parent] of parentOf) if (parent === pid) {
      found.push(child);
      below(child);
    }
  };
  below(root);
  return found;
}

export interface QuireMemory {
  host: number;
  renderer: number;
  total: number;
  /** Chromium's own interface renderer: reported, not counted. */
  chromiumUi: number;
}

/**
 * How the benchmarks launch Chromium: as for the other browser benchmarks,
 * and without the spare renderer Chromium keeps ready for the next tab
 * (about 19 MB, counted as Quire's before the sixth session); an Electron
 * window has none.
 */
export const BENCH_CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-features=SpareRendererForSitePerProcess',
];

/**
 * The host's PSS and that of the Chromium renderer processes this process
 * started (Playwright launches the browser as its child) for web pages.
 * Measure with the window's page the only one open. Not counted: the
 * renderer of Chromium's own browser interface (`--top-chrome-webui`, 64-83
 * MB, which the full /usr/bin/chromium starts even when headless, and which
 * an Electron window does not have; it was counted as Quire's before the
 * sixth session).
 */
export function quireMemory(hostPid: number): QuireMemory {
  let renderer = 0;
  let chromiumUi = 0;
  for (const pid of descendants(process.pid)) {
    let args: string[];
    try {
      // Chromium rewrites its children's command lines into one string: split on spaces too.
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      continue;
    }
    if (!args.includes('--type=renderer')) continue;
    if (args.includes('--top-chrome-webui')) chromiumUi += pssOf(pid);
    else renderer += pssOf(pid);
  }
  const host = pssOf(hostPid);
  return { host, renderer, total: host + renderer, chromiumUi };
}

/**
 * How long after the first search answer the settled figure is taken. Right
 * at the answer the threads still hold the garbage of the start (the index
 * build's, the summaries', the first page's); V8 shrinks an idle isolate's
 * heap by itself a little later (its memory reducer). Measured at 38k notes:
 * the host's RSS stayed at 675 MB for 15 s after the answer, then fell to
 * 309 MB by 30 s (docs/benchmarks.md, issue 16).
 */
export const SETTLE_MS = 30_000;

export interface MemoryAfterStart {
  /** Right when search has answered. */
  atAnswer: QuireMemory;
  /** SETTLE_MS later, nothing done meanwhile. */
  settled: QuireMemory;
}

/** quireMemory() once search has answered and again SETTLE_MS later. */
export async function memoryAfterStart(hostPid: number): Promise<MemoryAfterStart> {
  const atAnswer = quireMemory(hostPid);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return { atAnswer, settled: quireMemory(hostPid) };
}

const breakdown = (memory: QuireMemory) =>
  `PSS: host process (main + workers) ${megabytes(memory.host)} MB, Chromium renderer ${megabytes(memory.renderer)} MB ` +
  `(not counted: Chromium's own interface, ${megabytes(memory.chromiumUi)} MB)`;

/**
 * The rows for memoryAfterStart(), measured once the list is shown and search
 * has answered: the figure at the answer, and the settled one the target is
 * for (what the processes keep, rather than what they have not yet collected).
 */
export function memoryRow(memory: MemoryAfterStart | null, notes: string, targetMb: number): BenchRow[] {
  if (!memory) return [];
  const settled = megabytes(memory.settled.total);
  return [
    {
      name: `memory of Quire's processes, right when search first answered (${notes})`, value: megabytes(memory.atAnswer.total), unit: 'MB',
      note: breakdown(memory.atAnswer),
    },
    {
      name: `memory of Quire's processes, list shown and search ready, ${SETTLE_MS / 1000} s later (${notes})`, value: settled, unit: 'MB',
      target: `≤ ${targetMb} MB`, ok: settled <= targetMb,
      note: breakdown(memory.settled),
    },
  ];
}
