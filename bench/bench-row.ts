// One line of the benchmark table.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target in words, e.g. "≤ 1500 ms" or "≤ 1.5× floor". */
  target?: string;
  ok?: boolean;
  note?: string;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export const round = (ms: number, digits = 1) => Number(ms.toFixed(digits));

/** Bytes as whole megabytes (MiB), for rows and notes. */
export const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
