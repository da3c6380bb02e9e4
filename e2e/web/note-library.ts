// A small library of notes for the note list, search and trash specs: three
// notebooks under "Library", tags, statuses, a pinned note, tasks, fixed
// created/updated times (so the order is known) and Chinese and Russian text.
// Written as Markdown files with front matter and imported with the real CLI
// before the browser host starts (the `libraryHost` fixture).
import fs from 'node:fs';
import path from 'node:path';
import { expect, seedWithCli, useWebHost, test as base, type WebHost } from './fixtures';

export interface LibraryNote {
  file: string;
  title: string;
  tags?: string[];
  status?: string;
  pinned?: boolean;
  created: string;
  updated: string;
  body: string;
}

export const LIBRARY: LibraryNote[] = [
  {
    file: 'Work/Quarterly plan.md', title: 'Quarterly plan', tags: ['planning', 'work'], status: 'active', pinned: true,
    created: '2025-01-10T09:00:00Z', updated: '2025-03-01T09:00:00Z',
    body: 'Goals for the quarter.\n\n- [x] Hire a designer\n- [ ] Ship the importer\n- [x] Fix the budget\n',
  },
  {
    file: 'Work/Meeting notes.md', title: 'Meeting notes', tags: ['work'], status: 'onHold',
    created: '2025-02-01T09:00:00Z', updated: '2025-03-05T09:00:00Z',
    body: 'Discussed the budget with the design team. Next meeting in two weeks.\n',
  },
  {
    file: 'Work/Archive.md', title: 'Archive', tags: ['work'], status: 'completed',
    created: '2024-06-01T09:00:00Z', updated: '2024-07-01T09:00:00Z',
    body: 'Old budget figures from last year, kept for reference.\n',
  },
  {
    file: 'Home/Grocery list.md', title: 'Grocery list', tags: ['home'],
    created: '2025-03-02T09:00:00Z', updated: '2025-03-04T09:00:00Z',
    body: 'Apples, bread, oat milk and the good coffee.\n',
  },
  {
    file: 'Home/Zebra facts.md', title: 'Zebra facts',
    created: '2023-01-01T09:00:00Z', updated: '2025-02-20T09:00:00Z',
    body: 'Every zebra has its own pattern of stripes, like a fingerprint.\n',
  },
  {
    file: 'Languages/Russian.md', title: 'Заметки о Москве', tags: ['languages'],
    created: '2024-11-01T09:00:00Z', updated: '2025-02-01T09:00:00Z',
    body: 'Москва — столица России. Весной в парках цветёт сирень.\n',
  },
  {
    file: 'Languages/Chinese.md', title: '静夜思', tags: ['languages', 'poetry'], status: 'dropped',
    created: '2024-01-05T09:00:00Z', updated: '2025-01-15T09:00:00Z',
    body: '床前明月光，疑是地上霜。举头望明月，低头思故乡。\n',
  },
];

/** The titles in the list's default order: pinned first, then most recently updated. */
export const BY_UPDATED = ['Quarterly plan', 'Meeting notes', 'Grocery list', 'Zebra facts', 'Заметки о Москве', '静夜思', 'Archive'];

function frontMatter(note: LibraryNote): string {
  const lines = [`title: ${JSON.stringify(note.title)}`, `created: ${note.created}`, `updated: ${note.updated}`];
  if (note.tags) lines.push(`tags: [${note.tags.join(', ')}]`);
  if (note.status) lines.push(`status: ${note.status}`);
  if (note.pinned) lines.push('pinned: true');
  return `---\n${lines.join('\n')}\n---\n`;
}

/** Writes the library under `<dir>/Library` and returns that folder. */
export function writeLibrary(dir: string, notes: LibraryNote[] = LIBRARY): string {
  const root = path.join(dir, 'Library');
  for (const note of notes) {
    const file = path.join(root, note.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${frontMatter(note)}${note.body}`);
  }
  return root;
}

/** `count` generated notes in one notebook, "Note 00001" the most recently updated. */
export function writeManyNotes(dir: string, count: number): string {
  const root = path.join(dir, 'Many');
  fs.mkdirSync(root, { recursive: true });
  const newest = Date.UTC(2025, 5, 1);
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    const when = new Date(newest - i * 60_000).toISOString();
    fs.writeFileSync(
      path.join(root, `Note ${n}.md`),
      `---\ntitle: Note ${n}\ncreated: ${when}\nupdated: ${when}\n---\nGenerated note number ${i} for the scrolling test.\n`,
    );
  }
  return root;
}

interface LibraryFixtures {
  /** 0: import the library; more: import that many generated notes instead (test.use({ generatedNotes: 3000 })). */
  generatedNotes: number;
  libraryHost: WebHost;
}

export const test = base.extend<LibraryFixtures>({
  generatedNotes: [0, { option: true }],
  libraryHost: async ({ tmpDir, generatedNotes }, use, testInfo) => {
    const userDataDir = path.join(tmpDir, 'user-data');
    seedWithCli(userDataDir, generatedNotes ? writeManyNotes(tmpDir, generatedNotes) : writeLibrary(tmpDir));
    await useWebHost(userDataDir, use, testInfo);
  },
});

export { expect };
