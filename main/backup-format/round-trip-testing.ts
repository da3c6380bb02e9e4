// Test helpers for round-trip-tests of the backup folder (round-trip.test.ts):
// a seeded generator of databases (ids from the whole of Unicode and every
// hostile shape the naming rule must carry, conflicts built as replications
// make them, deletions, attachments, documents nested to MAX_JSON_DEPTH), a
// database's every leaf for comparisons, and a check that file names are
// valid on Windows, macOS and Linux.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { idProblem, MAX_ID_CHARS } from '../../shared/ids';
import { TAG_COLORS, docTypeOf, validateDoc } from '../../shared/schema';
import type { Database } from '../db/open-database';
import { MAX_JSON_DEPTH } from './index';
import { mulberry32 } from '../testing/seeded-random';
// ---------------------------------------------------------------- generator

type Random = ReturnType<typeof random>;

/** mulberry32: small, fast, and the same sequence on every platform. */
export function random(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    bytes: (n: number) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = int(0, 255);
      return out;
    },
  };
}

const CONTROLS = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, 0x80, 0x85, 0x9f];
const ODD = [0x300, 0x301, 0x308, 0x200b, 0x200d, 0x202e, 0x2028, 0x2029, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x212b, 0xff1a, 0xff0e, 0xff3f];
const ASCII_HOSTILE = [...'./\\:*?"<>|~_ -.ACDEINOPQRSTUXZ'].map((c) => c.charCodeAt(0));

/** One code point from anywhere in Unicode but the surrogates, weighted towards the awkward. */
function codePoint(r: Random): number {
  switch (r.int(0, 9)) {
    case 0:
    case 1:
      return r.int(0x20, 0x7e);
    case 2:
      return r.pick(ASCII_HOSTILE);
    case 3:
      return r.pick(CONTROLS);
    case 4:
      return r.int(0xa0, 0x24f); // Latin-1 and accented letters
    case 5:
      return r.pick(ODD);
    case 6: {
      let c: number;
      do c = r.int(0x100, 0xffff);
      while (c >= 0xd800 && c <= 0xdfff);
      return c;
    }
    case 7:
      return r.int(0x10000, 0x10ffff); // every astral plane, unassigned and private use included
    default:
      return r.int(0x1f300, 0x1faff); // emoji
  }
}

function text(r: Random, min: number, max: number): string {
  let s = '';
  const n = r.int(min, max);
  for (let i = 0; i < n; i++) s += String.fromCodePoint(codePoint(r));
  return s;
}

/** A name a notebook or tag may have: not blank, at most 64 UTF-16 units. */
function shortName(r: Random): string {
  for (;;) {
    const s = text(r, 1, 12);
    if (s.trim() !== '' && s.length <= 64) return s;
  }
}

/**
 * The hostile shapes, in groups that share a type folder in a database (so
 * case-only and normalisation-only differences meet in one folder). Each is
 * the part after `<type>:`, or the whole id for `other`.
 */
const HOSTILE: string[][] = [
  ['..', '.', '...'],
  ['a/../../x', '..\\..\\x', '/etc/passwd', 'C:\\Windows\\x', 'a/b\\c:d'],
  ['CON', 'con', 'Con', 'con.txt', 'CON.json', 'NUL', 'nul', 'aux', 'PRN', 'COM1', 'com0', 'LPT9', 'lpt1.json', 'COM¹', 'CONIN$'],
  ['abc', 'ABC', 'Abc', 'aBC'],
  ['\u00e9', 'e\u0301', '\u00c9', 'E\u0301', '\u00c5', 'A\u030a', '\u212b', 'ﬁ', 'fi', 'ß', 'SS', 'ss', 'ẞ', 'İ', 'i\u0307', 'ǅ', 'Ǆ', 'ǆ'],
  ['😀', '👨‍👩‍👧', '🇫🇷', '\u{10ffff}', '\u{e0001}', '\u{1d4b3}', '\uffff', '\ufffe', '\ufeffbom', '\u200b'],
  ['\u0000', 'a\u0000b', '\t', 'line\nbreak', '\r\n', '\u001f', '\u007f', '\u0085', '\u2028'],
  ['.hidden', '.quire-tmp-abc', '.DS_Store', '.json'],
  ['~', '~~', '~r0123456789ab', '~0041', '~~0123', '-', '--', '_-'],
  ['_', '__', '_x', '_design/x', '_local/x', '_-con'],
  ['a.', 'a ', ' ', ' a', 'a..', 'x (conflicted copy)', 'x (1)', 'x.sync-conflict-20240101-120000-ABC', 'x-DESKTOP-PC'],
  ['a:b', '*?<>|"', 'ÿby-sequenceÿ0000000000000001', 'ÿdocument-storeÿx', 'note:x', 'NOTE:x'],
  ['long-'.repeat(50), 'Ä'.repeat(60), `${'a'.repeat(300)}1`, `${'a'.repeat(300)}2`, 'A'.repeat(100), `${'A'.repeat(100)}a`, `${'_'.repeat(99)}x`, '😀'.repeat(200)],
];

/** Whole ids of no known type (the `other` folder), besides the groups above. */
const OTHER_IDS = ['config', 'Config', 'CONFIG', 'note', 'NOTE:abc', 'Note:abc', 'notes:x', ':x', ':', 'settings:x', 'note\uff1ax', 'file', 'tag'];

export interface Revision {
  rev: string;
  history: { start: number; ids: string[] };
  deleted: boolean;
  body: Record<string, unknown>;
  attachments: Record<string, { content_type: string; data: Buffer }>;
}

export interface PlannedDoc {
  id: string;
  type: string;
  leaves: Revision[];
}

const CONTENT_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/svg+xml', 'text/plain', 'text/markdown; charset=utf-8', 'application/pdf',
  'application/octet-stream', 'application/json', 'IMAGE/PNG', 'application/x-Weird', 'x/ÿ',
];
const NOTE_FIELDS = new Set(['title', 'body', 'doctype', 'bookId', 'tags', 'status', 'share', 'pinned', 'numOfTasks', 'numOfCheckedTasks', 'createdAt', 'updatedAt']);

function fieldName(r: Random, taken: ReadonlySet<string> = new Set()): string {
  const key = text(r, 0, 8);
  // `_` starts CouchDB's own fields; `__proto__` is refused by every reader of the folder (doc-json.ts).
  return key.startsWith('_') || key === '__proto__' || taken.has(key) ? `k${key}` : key;
}

function scalar(r: Random): unknown {
  switch (r.int(0, 6)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.int(-1e9, 1e9);
    case 3:
      return r.pick([0, -1, 1.5, 1e300, -1e-300, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 0.1 + 0.2]);
    case 4:
      // Lone surrogates are fine in values: JSON escapes them.
      return r.chance(0.1) ? `x\ud800y\udc00` : '';
    default:
      return text(r, 0, 20);
  }
}

function jsonValue(r: Random, depth: number): unknown {
  if (depth <= 0 || r.chance(0.6)) return scalar(r);
  if (r.chance(0.5)) return Array.from({ length: r.int(0, 4) }, () => jsonValue(r, depth - 1));
  const out: Record<string, unknown> = {};
  for (let i = r.int(0, 4); i > 0; i--) out[fieldName(r)] = jsonValue(r, depth - 1);
  return out;
}

/** A value exactly `levels` objects and arrays deep. */
function nested(r: Random, levels: number): unknown {
  let value: unknown = scalar(r);
  for (let i = 0; i < levels; i++) value = r.chance(0.5) ? [value, r.int(0, 9)] : { [fieldName(r)]: value, n: i };
  return value;
}

/** Extra fields; sometimes one nested so the whole document is MAX_JSON_DEPTH or one less deep. */
function extraFields(r: Random, taken: ReadonlySet<string>, into: Record<string, unknown>): void {
  for (let i = r.int(0, 3); i > 0; i--) into[fieldName(r, taken)] = jsonValue(r, 3);
  if (r.chance(0.08)) into[fieldName(r, taken)] = nested(r, MAX_JSON_DEPTH - r.int(1, 2));
}

function attachmentBytes(r: Random, shared: Buffer[]): Buffer {
  if (r.chance(0.15)) return Buffer.alloc(0);
  if (shared.length > 0 && r.chance(0.15)) return r.pick(shared); // the same bytes in several places: one stored copy
  const data = r.bytes(r.chance(0.8) ? r.int(1, 200) : r.int(200, 5000));
  shared.push(data);
  return data;
}

function attachmentName(r: Random): string {
  for (;;) {
    const name = r.chance(0.15) ? r.pick(['index', 'Index', 'INDEX', 'é', 'e\u0301', '..', 'a/b', 'con', 'x'.repeat(41), `${'x'.repeat(41)}y`, '😀', '\u0000']) : text(r, 1, r.chance(0.1) ? 40 : 10);
    if (!name.startsWith('_')) return name;
  }
}

/** One revision's fields (and attachments) for a document of this type. */
function revisionBody(r: Random, id: string, type: string, shared: Buffer[]): Pick<Revision, 'body' | 'attachments'> {
  const time = r.int(0, 2_000_000_000_000);
  const attachments: Revision['attachments'] = {};
  let body: Record<string, unknown>;
  switch (type) {
    case 'note':
      body = {
        title: text(r, 0, 30),
        body: text(r, 0, 200),
        bookId: r.chance(0.2) ? 'trash' : `book:${text(r, 1, 10)}`,
        tags: Array.from({ length: r.int(0, 3) }, () => `tag:${text(r, 1, 8)}`),
        createdAt: time,
        updatedAt: time + r.int(0, 1000),
        ...(r.chance(0.5) ? { status: r.pick(['none', 'active', 'onHold', 'completed', 'dropped']), pinned: r.chance(0.5), doctype: 'markdown' } : {}),
      };
      extraFields(r, NOTE_FIELDS, body);
      break;
    case 'book':
      body = { name: shortName(r), parentBookId: r.chance(0.5) ? null : `book:${text(r, 1, 6)}`, createdAt: time, updatedAt: time };
      break;
    case 'tag':
      body = { name: shortName(r), color: r.pick(TAG_COLORS), createdAt: time, updatedAt: time };
      break;
    case 'file': {
      const contentType = r.pick(CONTENT_TYPES);
      const data = attachmentBytes(r, shared);
      body = { name: shortName(r), contentType, contentLength: data.length, createdAt: time, publicIn: r.chance(0.3) ? [`note:${text(r, 1, 5)}`] : [] };
      attachments.index = { content_type: contentType, data };
      break;
    }
    default:
      body = {};
      extraFields(r, new Set(), body);
      for (let i = r.chance(0.5) ? r.int(1, 4) : 0; i > 0; i--) {
        attachments[attachmentName(r)] = { content_type: r.pick(CONTENT_TYPES), data: attachmentBytes(r, shared) };
      }
  }
  if (type !== 'other') validateDoc({ _id: id, ...body }); // the generator's own check: Quire's documents must be valid
  return { body, attachments };
}

function revHash(r: Random, used: Set<string>): string {
  for (;;) {
    const hash = r.chance(0.85)
      ? Array.from({ length: 32 }, () => '0123456789abcdef'[r.int(0, 15)]).join('')
      : Array.from({ length: r.int(1, 40) }, () => r.pick([...'0123456789abcdefABCDEFxyzXYZ'])).join('');
    if (!used.has(hash)) {
      used.add(hash);
      return hash;
    }
  }
}

/**
 * A revision tree as replications make them: a trunk (starting at
 * generation 1, or later as if its history had been stemmed), then leaves
 * branching off it, each with at least one revision of its own (so no leaf
 * is another's ancestor); sometimes a second root (the same id created on
 * two devices); some branches deleted, or every leaf (a deleted document).
 */
function planDoc(r: Random, id: string, shared: Buffer[]): PlannedDoc {
  const type = docTypeOf(id) ?? 'other';
  const used = new Set<string>();
  const start = r.chance(0.8) ? 1 : r.int(2, 40);
  const trunk = Array.from({ length: r.int(1, 4) }, () => revHash(r, used));
  const count = r.chance(0.6) ? 1 : r.chance(0.6) ? 2 : r.int(3, 4);
  const allDeleted = r.chance(0.1);
  const leaves: Revision[] = [];
  for (let i = 0; i < count; i++) {
    const newRoot = i > 0 && r.chance(0.15);
    const base = newRoot ? [] : trunk.slice(0, r.int(1, trunk.length));
    const path = [...base, ...Array.from({ length: r.int(1, 3) }, () => revHash(r, used))];
    const generation = (newRoot ? 1 : start) + path.length - 1;
    const deleted = allDeleted || (i > 0 && r.chance(0.25));
    const { body, attachments } = revisionBody(r, id, type, shared);
    const history = { start: generation, ids: [...path].reverse() };
    leaves.push({
      rev: `${generation}-${history.ids[0]}`,
      history,
      deleted,
      // A replicated deletion may keep its fields (PouchDB's remove() keeps none); attachments given to
      // one are dropped by PouchDB itself (it returns none for a deleted revision).
      body: deleted ? (r.chance(0.5) ? body : {}) : body,
      attachments: deleted && r.chance(0.5) ? {} : attachments,
    });
  }
  return { id, type, leaves };
}

function planIds(r: Random): string[] {
  const ids = new Set<string>();
  const add = (id: string) => {
    if (idProblem(id) === null) ids.add(id);
  };
  for (const group of HOSTILE) {
    // Each group in one or two type folders, a different choice per seed.
    for (const type of new Set([r.pick(['note', 'book', 'tag', 'file', 'other']), r.pick(['note', 'book', 'tag', 'file', 'other'])])) {
      for (const rest of group) add(type === 'other' ? rest : `${type}:${rest}`);
    }
  }
  for (const id of OTHER_IDS) add(id);
  // The longest ids allowed, one with astral characters (two code units each).
  add(`note:${'x'.repeat(MAX_ID_CHARS - 5)}`);
  add(`file:${'😀'.repeat((MAX_ID_CHARS - 6) / 2)}a`);
  add(`${'Z'.repeat(MAX_ID_CHARS - 1)}z`);
  for (let i = r.int(20, 200); i > 0; i--) {
    const rest = text(r, 1, r.chance(0.1) ? 150 : 12);
    add(r.chance(0.6) ? `${r.pick(['note', 'book', 'tag', 'file'])}:${rest}` : rest);
  }
  return [...ids];
}

// ---------------------------------------------------------------- the database

export async function build(db: Database, r: Random, where: string): Promise<PlannedDoc[]> {
  const shared: Buffer[] = [];
  const plans = planIds(r).map((id) => planDoc(r, id, shared));
  const entry = (plan: PlannedDoc, leaf: Revision) => ({
    ...leaf.body,
    _id: plan.id,
    _rev: leaf.rev,
    _revisions: leaf.history,
    ...(leaf.deleted ? { _deleted: true } : {}),
    ...(Object.keys(leaf.attachments).length > 0 ? { _attachments: leaf.attachments } : {}),
  });
  // One leaf of each document per round, as replications from several devices would bring them.
  for (let round = 0; round < 4; round++) {
    const docs = plans.filter((p) => p.leaves.length > round).map((p) => entry(p, p.leaves[round]!));
    for (let i = 0; i < docs.length; i += 100) {
      const results = (await db.bulkDocs(docs.slice(i, i + 100) as never[], { new_edits: false })) as { error?: unknown; id?: string; reason?: string }[];
      const refused = results.filter((x) => x.error);
      assert.deepEqual(refused, [], `${where}: the database takes every generated revision`);
    }
  }
  // Then edits made here: an edit of the winner, a deletion of the winner (which
  // promotes a conflicting revision where there is one), a deleted document written again.
  const live = new Set((await db.changes({ style: 'main_only' })).results.filter((c) => !c.deleted).map((c) => c.id));
  for (const plan of plans) {
    const roll = r.next();
    if (live.has(plan.id) && roll < 0.15) {
      const doc = await db.get(plan.id);
      await db.put({ ...doc, edited: text(r, 0, 10) });
    } else if (live.has(plan.id) && roll < 0.2) {
      const doc = await db.get(plan.id);
      await db.remove(doc._id, doc._rev);
    } else if (!live.has(plan.id) && roll < 0.4) {
      const { body, attachments } = revisionBody(r, plan.id, plan.type, shared);
      const [row] = (await db.allDocs({ keys: [plan.id] })).rows as unknown as { value: { rev: string } }[];
      await db.put({ ...body, _id: plan.id, _rev: row!.value.rev, ...(Object.keys(attachments).length > 0 ? { _attachments: attachments } : {}) } as never);
    }
  }
  return plans;
}

export interface LeafState {
  doc: Record<string, unknown>;
  attachments: Record<string, { content_type: string; digest: string; data: string }>;
}

/**
 * Every live document's leaves (bodies with `_revisions`, attachments as
 * base64), sorted by revision. The ids come from the changes feed: PouchDB's
 * LevelDB allDocs() without an end key leaves out every id starting after
 * U+00FF (apache/pouchdb#6375).
 */
export async function leavesOf(db: Database): Promise<Map<string, LeafState[]>> {
  const out = new Map<string, LeafState[]>();
  for (const { id } of (await db.changes({ style: 'main_only' })).results.filter((c) => !c.deleted)) {
    const got = await db.get(id, { open_revs: 'all', revs: true, attachments: true, binary: true });
    const leaves = got.flatMap((leaf) => ('ok' in leaf ? [leaf.ok as Record<string, unknown>] : [])).map(({ _attachments, ...doc }) => {
      const attachments: LeafState['attachments'] = {};
      for (const [name, a] of Object.entries((_attachments ?? {}) as Record<string, { content_type: string; digest: string; data: Buffer }>)) {
        attachments[name] = { content_type: a.content_type, digest: a.digest, data: a.data.toString('base64') };
      }
      return { doc, attachments };
    });
    out.set(id, leaves.sort((a, b) => (String(a.doc._rev) < String(b.doc._rev) ? -1 : 1)));
  }
  return out;
}

export async function assertSameLeaves(expected: Map<string, LeafState[]>, db: Database, where: string): Promise<void> {
  const actual = await leavesOf(db);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${where}: the same live documents`);
  for (const [id, leaves] of expected) {
    assert.deepEqual(actual.get(id), leaves, `${where}: every leaf of ${JSON.stringify(id)} with its body, history and attachment bytes`);
  }
}

// ---------------------------------------------------------------- file names

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;

/** Why a file name is refused by Windows, macOS or Linux (or can be confused with a sibling), or null. */
export function nameProblem(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return 'not a name';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'longer than 255 bytes';
  if (FORBIDDEN.test(name)) return 'a character Windows forbids';
  if (/[. ]$/.test(name)) return 'a trailing dot or space';
  if (WINDOWS_DEVICE.test(name.split('.')[0]!.trimEnd())) return 'a Windows device name';
  return null;
}

/** Every name in the folder tree that a system refuses, or that meets a sibling case-insensitively or after NFC/NFD. */
export function fileNameProblems(root: string): string[] {
  const problems: string[] = [];
  const walk = (dir: string) => {
    const seen = new Map<string, string>();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const rel = path.relative(root, path.join(dir, entry.name));
      const problem = nameProblem(entry.name);
      if (problem) problems.push(`${JSON.stringify(rel)}: ${problem}`);
      const keys = new Set([entry.name.normalize('NFC').toLowerCase(), entry.name.normalize('NFD').toLowerCase(), entry.name.toUpperCase().toLowerCase()]);
      const other = [...keys].map((key) => seen.get(key)).find((name) => name !== undefined);
      if (other !== undefined) problems.push(`${JSON.stringify(rel)} meets ${JSON.stringify(other)} on a case-insensitive or normalising disk`);
      for (const key of keys) seen.set(key, entry.name);
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
    }
  };
  walk(root);
  return problems;
}
