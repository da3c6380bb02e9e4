// The state files in state/: one per installation backing up into the
// folder, each its checkpoint and the format version it wrote. Read the safe
// way (a FIFO or a link in state/ is passed over, never waited on); a file
// that is not a usable checkpoint is passed over too, as if absent.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseDocJson } from './doc-json';
import { SkipError } from './errors';
import { STATE_DIR, type Checkpoint } from './layout';
import { readBounded } from './safe-read';

const MAX_STATE_BYTES = 1024 * 1024;
/** A folder shared by more installations than this is not read further for versions. */
const MAX_STATE_FILES = 1000;

export interface StateFiles {
  /** The checkpoint of each installation whose state file is usable, by client id. */
  checkpoints: Map<string, Checkpoint>;
  /** The highest format version any state file names (1 when none names one). */
  newestFormat: number;
}

function asCheckpoint(json: Record<string, unknown>, clientId: string): Checkpoint | null {
  if (json.clientId !== clientId || (typeof json.lastSeq !== 'number' && typeof json.lastSeq !== 'string')) return null;
  return json as unknown as Checkpoint;
}

/** Reads state/ in `root` (`realRoot`: the same with links resolved); a folder without state/ has none. */
export async function readStateFiles(root: string, realRoot: string): Promise<StateFiles> {
  const result: StateFiles = { checkpoints: new Map(), newestFormat: 1 };
  let names: string[];
  try {
    names = await fsp.readdir(path.join(root, STATE_DIR));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return result;
    throw error;
  }
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).slice(0, MAX_STATE_FILES)) {
    const clientId = name.slice(0, -'.json'.length);
    try {
      const json = parseDocJson(await readBounded(path.join(root, STATE_DIR, name), MAX_STATE_BYTES, 'the state file', realRoot));
      const version = json.formatVersion;
      if (typeof version === 'number' && Number.isSafeInteger(version) && version > result.newestFormat) result.newestFormat = version;
      const checkpoint = asCheckpoint(json, clientId);
      if (checkpoint) result.checkpoints.set(clientId, checkpoint);
    } catch (error) {
      if (!(error instanceof SkipError)) throw error;
    }
  }
  return result;
}
