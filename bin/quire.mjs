#!/usr/bin/env node
// The `quire` command: runs the built CLI (npm install builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../app/dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('quire: the CLI is not built yet; run `npm install` (or `npm run build`) in the Quire folder first.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
