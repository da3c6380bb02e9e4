// Temporary files in the backup folder: every write goes through one
// (atomic-write.ts), named so that Quire, its watcher and cloud-sync tools
// know it for one: a leading dot, `.quire-tmp-`, then the writer's tag, so
// each installation removes only its own crash leftovers.
export const TEMP_PREFIX = '.quire-tmp-';

export const isTempName = (name: string) => name.startsWith(TEMP_PREFIX);
