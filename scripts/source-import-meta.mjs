// An esbuild plugin for code compiled from this repository's sources to run
// where tsx used to run it (the unit tests, the child processes they start):
// import.meta.url, .dirname and .filename in each of our modules keep the
// values of the source file they are written in, so fixtures are found
// relative to it and main/workers/start-worker.ts still sees a .ts file and
// compiles a worker from source. define replaces the expressions in the
// syntax tree, never inside a string.
import { transform } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const tsconfigRaw = fs.readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8');

/** Gives each of our modules its own source file's import.meta.url, .dirname and .filename. */
export const sourceImportMeta = {
  name: 'source-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader };
      const compiled = await transform(text, {
        // The project's compiler options (verbatimModuleSyntax and the like), as the build's own loading reads them.
        tsconfigRaw,
        loader,
        sourcefile: args.path,
        sourcemap: 'inline',
        target: 'node20',
        format: 'esm',
        jsx: 'automatic',
        define: {
          'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
          'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
          'import.meta.filename': JSON.stringify(args.path),
        },
      });
      return { contents: compiled.code, loader: 'js' };
    });
  },
};
