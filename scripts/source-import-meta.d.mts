import type { Plugin } from 'esbuild';

/** See source-import-meta.mjs. */
export const sourceImportMeta: Plugin;
