// Peak memory of this process during a piece of work, even work that blocks
// the main thread for seconds (a verify, a prune): a worker thread samples
// the process's resident set every 10 ms into shared memory.
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Float64Array(workerData);
setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 10);
`;

export class PeakMemory {
  private readonly shared = new SharedArrayBuffer(8);
  private readonly peak = new Float64Array(this.shared);
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(SAMPLER, { eval: true, workerData: this.shared });
    this.worker.unref();
  }

  /** Runs `work`; returns its result and how far the process's resident set rose above where it started (bytes). */
  async measure<T>(work: () => Promise<T> | T): Promise<{ result: T; growth: number }> {
    const start = process.memoryUsage.rss();
    this.peak[0] = start;
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { result, growth: Math.max(0, this.peak[0]! - start) };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
