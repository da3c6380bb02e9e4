// The backup folder's layout (docs/backup-format.md): its top-level folders,
// the type folders inside data/ and _deleted/, the state files, and the
// format version every state file records.
import type { DocType } from '../../shared/schema';

export const DATA_DIR = 'data';
export const DELETED_DIR = '_deleted';
export const STATE_DIR = 'state';

/** A document's type folder: its id's prefix when it is one of Quire's types, else `other`. */
export type BackupType = DocType | 'other';
/** The type folders under data/ and _deleted/. */
export const TYPE_DIRS: readonly BackupType[] = ['note', 'book', 'tag', 'file', 'other'];
export const isTypeDir = (name: string): name is BackupType => (TYPE_DIRS as readonly string[]).includes(name);

/**
 * The version of the folder's format this Quire writes. 1: no version field
 * (before conflicts were kept). 2: document files carry their conflicting
 * revisions (`_conflicts` as objects) and each state file records
 * `formatVersion`. A folder whose state files name a higher version was
 * written by a newer Quire: this one neither writes into it nor restores from
 * it, and says so; older ones are read as they are.
 */
export const FORMAT_VERSION = 2;

/** One installation's checkpoint: state/<clientId>.json. */
export interface Checkpoint {
  clientId: string;
  lastSeq: number | string;
  appVersion: string;
  hostname: string;
  counts: { docs: number; written: number; deleted: number };
  lastWriteAt: string;
  /** Absent in format 1. */
  formatVersion?: number;
}

export const stateFileRel = (clientId: string) => `${STATE_DIR}/${clientId}.json`;

export function validClientId(clientId: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(clientId);
}

/** The sentence for a folder written in a newer format. */
export function newerFormatMessage(folder: string, version: number): string {
  return (
    `The backup folder ${folder} was written by a newer version of Quire (backup format ${version}; ` +
    `this version knows format ${FORMAT_VERSION} and older). Quire leaves it untouched: update Quire to use it, ` +
    'or choose another folder.'
  );
}
