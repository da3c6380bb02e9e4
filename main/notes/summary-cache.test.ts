import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NoteSummary } from '../../shared/types';
import { readSummaryCache, readSummaryCacheHead, writeSummaryCache } from './summary-cache';
import { TEMP_PREFIX } from '../backup/atomic-write';

const STATUSES = ['none', 'active', 'onHold', 'completed', 'dropped'] as const;
// Every field varies: no tags to several, notebooks and statuses shared by some notes, conflicts on a few.
const summary = (i: number): NoteSummary => ({
  id: `note:${i}`, title: `Заметка ${i} 静夜思 😀`, snippet: 'text "quoted"\nline', bookId: `book:${i % 3 ? 'a' : 'Ω/b'}`,
  tags: Array.from({ length: i % 4 }, (_, t) => `tag:${(i + t) % 5}`), status: STATUSES[i % 5]!, pinned: i % 7 === 0,
  createdAt: 1_700_000_000_000 - i, updatedAt: 1_700_000_000_000 + i * 1.5, numOfTasks: i % 6, numOfCheckedTasks: i % 3,
  ...(i % 11 === 0 ? { conflicts: 1 + (i % 2) } : {}),
});

function inTempDir(run: (file: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-summary-cache-'));
  return run(path.join(dir, 'cache', 'note-summaries.json')).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

test('a cache written is read back whole, with its sequence, whatever the titles hold', () =>
  inTempDir(async (file) => {
    const summaries = Array.from({ length: 4_321 }, (_, i) => summary(i));
    await writeSummaryCache(file, 3, { seq: 77, summaries });
    assert.deepEqual(await readSummaryCache(file, 3), { seq: 77, summaries });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['note-summaries.json']);
    // A write cut short by an earlier run leaves its temporary file; the next write removes it, and nothing else.
    fs.writeFileSync(path.join(path.dirname(file), `${TEMP_PREFIX}summaries-x1`), 'half a cache');
    fs.writeFileSync(path.join(path.dirname(file), `${TEMP_PREFIX}search-x2`), 'not ours');
    await writeSummaryCache(file, 3, { seq: 78, summaries });
    assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), [`${TEMP_PREFIX}search-x2`, 'note-summaries.json']);
    // Another summary version (summaries made by other rules) is not used.
    assert.equal(await readSummaryCache(file, 4), null);
  }));

test('reading lets the event loop turn between lines (the window is served meanwhile)', () =>
  inTempDir(async (file) => {
    await writeSummaryCache(file, 1, { seq: 1, summaries: Array.from({ length: 10_000 }, (_, i) => summary(i)) });
    let turns = 0;
    let reading = true;
    const count = () => {
      if (!reading) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);
    const read = await readSummaryCache(file, 1);
    reading = false;
    assert.equal(read?.summaries.length, 10_000);
    assert.ok(turns >= 4, `the loop turned ${turns} times`);
  }));

test('a missing, truncated, cut-short or older-format cache is not used', () =>
  inTempDir(async (file) => {
    assert.equal(await readSummaryCache(file, 1), null);
    await writeSummaryCache(file, 1, { seq: 5, summaries: Array.from({ length: 5_000 }, (_, i) => summary(i)) });
    const whole = fs.readFileSync(file);
    const lines = whole.toString('utf8').split('\n');
    const variants: Record<string, string | Buffer> = {
      'cut in a line': whole.subarray(0, whole.length - 100),
      'a whole line gone': [lines[0], lines[1], lines[3], ''].join('\n'),
      'header only': `${lines[0]}\n`,
      'no newline at all': lines[0]!,
      'a line that is not a list': [lines[0], '{"id":"x"}', lines[2], lines[3], ''].join('\n'),
      'a line of summary objects (format 2)': [lines[0], JSON.stringify([summary(1)]), lines[2], lines[3], ''].join('\n'),
      'a column short of a value': [lines[0], JSON.stringify(JSON.parse(lines[1]!).map((c: unknown[], i: number) => (i === 1 ? c.slice(1) : c))), lines[2], lines[3], ''].join('\n'),
      'a notebook number outside the table': [lines[0], JSON.stringify(JSON.parse(lines[1]!).map((c: unknown[], i: number) => (i === 3 ? c.map(() => 99) : c))), lines[2], lines[3], ''].join('\n'),
      'a tag number outside the table': [lines[0], JSON.stringify(JSON.parse(lines[1]!).map((c: unknown[], i: number) => (i === 5 ? c.map(() => -1) : c))), lines[2], lines[3], ''].join('\n'),
      'a title that is not text': [lines[0], JSON.stringify(JSON.parse(lines[1]!).map((c: unknown[], i: number) => (i === 1 ? c.map(() => 7) : c))), lines[2], lines[3], ''].join('\n'),
      'a header without its tables': [JSON.stringify({ ...JSON.parse(lines[0]!), books: undefined }), ...lines.slice(1)].join('\n'),
      'the single JSON document of earlier versions': JSON.stringify({ version: 1, seq: 5, summaries: [summary(1)] }),
      'a header of another format': [JSON.stringify({ format: 9, version: 1, seq: 5, notes: 0 }), ''].join('\n'),
      'a header without a sequence': [JSON.stringify({ format: 3, version: 1, notes: 0, books: [], tags: [], statuses: [] }), ''].join('\n'),
      'a format 2 cache': [JSON.stringify({ format: 2, version: 1, seq: 5, notes: 1 }), JSON.stringify([summary(1)]), ''].join('\n'),
      'not JSON': 'garbage\n[]\n',
      'empty': '',
    };
    for (const [name, content] of Object.entries(variants)) {
      fs.writeFileSync(file, content);
      assert.equal(await readSummaryCache(file, 1), null, name);
    }
  }));

test('the header alone gives the saved first rows; a header that is damaged or of another version gives none', () =>
  inTempDir(async (file) => {
    const summaries = Array.from({ length: 3_000 }, (_, i) => summary(i));
    const firstRows = { updatedAt: { notes: summaries.slice(0, 100), total: 3_000 } };
    await writeSummaryCache(file, 1, { seq: 9, summaries, firstRows });
    assert.deepEqual(await readSummaryCacheHead(file, 1), { seq: 9, firstRows });
    assert.equal(await readSummaryCacheHead(file, 2), null);
    assert.deepEqual((await readSummaryCache(file, 1))?.firstRows, firstRows);
    const [head, ...rest] = fs.readFileSync(file, 'utf8').split('\n');
    const variants: Record<string, string> = {
      'rows that are not a list': JSON.stringify({ ...JSON.parse(head!), firstRows: { updatedAt: { notes: 'x', total: 1 } } }),
      'rows without ids': JSON.stringify({ ...JSON.parse(head!), firstRows: { title: { notes: [{}], total: 1 } } }),
    };
    for (const [name, damaged] of Object.entries(variants)) {
      fs.writeFileSync(file, [damaged, ...rest].join('\n'));
      assert.deepEqual((await readSummaryCacheHead(file, 1))?.firstRows, {}, name);
    }
    fs.writeFileSync(file, head!.slice(0, 50));
    assert.equal(await readSummaryCacheHead(file, 1), null);
    fs.writeFileSync(file, '');
    assert.equal(await readSummaryCacheHead(file, 1), null);
  }));
