// quire import-markdown --db DIR --from FOLDER: a folder of Markdown files
// becomes notes, notebooks, tags and attached images.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { importMarkdownFolder } from '../../import/import-markdown';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const importMarkdownCommand: Command = {
  name: 'import-markdown',
  summary: 'Import a folder of Markdown files as notes',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (created if it does not exist)' },
    from: { type: 'string', value: 'FOLDER', description: 'the folder to import' },
  },
  details: [
    'Every .md file becomes a note. FOLDER becomes a notebook named after it, and each folder inside it that ' +
      'holds Markdown a notebook nested inside that one, like the folders. Folders starting with a dot ' +
      '(.git, .obsidian) are left out. Notebooks and tags already in the database with the same name ' +
      '(and parent) are reused, so importing twice does not duplicate them; the notes are imported again.',
    'Title: front matter `title`, else the first "# " heading, else the file name. Front matter `tags` become ' +
      'tags; `status`, `pinned`, `created`, `updated` (ISO 8601) and `id` are used too. The front matter is ' +
      'removed from the note only when it holds nothing but these keys; otherwise the note keeps it.',
    'A folder written by `quire export-markdown` (or File > Export > All Notes…) imports back as it was exported: ' +
      'its folders are the top notebooks, named as the notes\' front matter `notebook` says, and only the ' +
      'export\'s own front matter lines are removed (see docs/export.md).',
    'Images linked by a relative path inside FOLDER (![](img.png) or <img src="img.png">) are attached to ' +
      'the note. Missing images and images outside FOLDER keep their link and are listed as skipped, ' +
      'as are files that cannot be read, are not UTF-8 text, or have invalid front matter.',
    'Only regular files really inside FOLDER are read: .md files and folders that are links leading outside it, ' +
      'links to folders (never followed, even inside FOLDER) and named pipes, sockets or devices are skipped and ' +
      'listed. A .md link to a file inside FOLDER is imported, as linked images inside it are.',
    'Prints {"notes","books","tags","files","skipped":[{"path","reason"}]}; the counts are the documents created.',
  ],
  async run(values, io) {
    const db = requiredString(values, 'db');
    const from = path.resolve(requiredString(values, 'from'));
    if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`no folder at ${from}`);
    const result = await withDatabase(db, { create: true }, (store) =>
      importMarkdownFolder(store, from, {
        onProgress: (done, total) => io.status?.(`importing ${done}/${total} files`),
      }),
    );
    const skipped = result.skipped;
    const text = [
      `Imported ${count(result.notes, 'note')}: ${count(result.books, 'new notebook')}, ` +
        `${count(result.tags, 'new tag')}, ${count(result.files, 'image')}.`,
      ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
    ];
    let failure: string | undefined;
    if (result.notes === 0) {
      failure = skipped.length
        ? `none of the Markdown files in ${from} could be imported`
        : `there are no Markdown (.md) files in ${from}`;
    }
    return { json: { ...result }, text, skipped, failure };
  },
};
