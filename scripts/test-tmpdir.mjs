// Where the tests' temporary folders go (TMPDIR for the test processes):
// /dev/shm, a file system in memory, when the machine has one with room,
// else the system's default. The tests write tens of thousands of files into
// temporary folders (corpus exports, imports, backups, databases), each
// fsynced as the product does; on a disk that is I/O wait for every file,
// and deleting them afterwards is as slow again. In memory the same writes,
// the same fsync calls and the same checks take about half the wall time
// (the export corpus test: 113 s on the disk, 54 s in /dev/shm).
//
// A TMPDIR already set is kept (the caller chose). /dev/shm is used only if
// it is a tmpfs that this user can write with MIN_FREE bytes free (Docker's
// default /dev/shm is 64 MB: too small, so the default applies there).
import fs from 'node:fs';

const SHM = '/dev/shm';
const TMPFS_MAGIC = 0x01021994;
const MIN_FREE = 4 * 1024 ** 3;

/** The folder to give the tests as TMPDIR, or null to leave the environment as it is. */
export function testTmpdir(env = process.env) {
  if (env.TMPDIR || process.platform !== 'linux') return null;
  try {
    const stats = fs.statfsSync(SHM);
    if (stats.type !== TMPFS_MAGIC || stats.bavail * stats.bsize < MIN_FREE) return null;
    fs.accessSync(SHM, fs.constants.W_OK);
    return SHM;
  } catch {
    return null;
  }
}

/** The environment for test processes: `env` with TMPDIR set when testTmpdir() found a folder. */
export function testEnv(env = process.env) {
  const dir = testTmpdir(env);
  return dir ? { ...env, TMPDIR: dir } : env;
}
