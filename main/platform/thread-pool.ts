// Imported for its side effect, first in every entry (Electron main, browser
// host, CLI): Node's thread pool, 4 threads by default, runs LevelDB's reads
// and every file operation alike, and an fsync holds a thread for
// milliseconds. While the backup writes 16 files at a time, all 4 threads sit
// in fsync and every database read (a note being opened, the backup's own
// next batch) queues behind them. With 8 the reads get through: the corpus
// mirror took 8.2–8.4 s instead of 8.9–9.1 s, its floor unchanged
// (docs/benchmarks.md). Node creates the pool on first use, so this must run
// before anything asynchronous touches the disk; a size the user set wins.
export const THREAD_POOL_SIZE = 8;

process.env.UV_THREADPOOL_SIZE ??= String(THREAD_POOL_SIZE);
