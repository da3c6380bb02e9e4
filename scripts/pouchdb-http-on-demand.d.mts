import type { Plugin } from 'esbuild';

/** `root`: the repository, where main/db/on-demand/ is. */
export function pouchdbHttpOnDemand(root: string): Plugin;
