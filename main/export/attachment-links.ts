// Links from a note to its attachments (`quire://file:<id>`, and
// `inkdrop://file:<id>` in notes restored from Inkdrop), found where they
// are link targets in the prose: `![…](…)` and `[…](…)`, `<img src>` and
// `<a href>`, and reference definitions `[ref]: …`. Fenced code is left
// alone: a link there is example text.
import { proseRanges } from '../import/markdown-text';

export interface FileLink {
  /** Offsets of the URL in the body. */
  start: number;
  end: number;
  fileId: string;
}

// The URL, right after what makes it a link target.
const LINK =
  /(?<=\]\(\s*<?|\b(?:src|href)\s*=\s*["']?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)(?:quire|inkdrop):\/\/(file:[^\s)"'<>\]#?]+)/dgim;

const NOTE_LINK =
  /(?<=\]\(\s*<?|\b(?:src|href)\s*=\s*["']?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)(?:quire|inkdrop):\/\/(note:[^\s)"'<>\]#?]+)/dgim;

/** Links to other notes (`quire://note:<id>`, `inkdrop://note:<id>`), found as fileLinks finds files; `fileId` holds the note's id. */
export function noteLinks(body: string): FileLink[] {
  if (!body.includes('://note:')) return [];
  return linksIn(body, NOTE_LINK);
}

export function fileLinks(body: string): FileLink[] {
  return linksIn(body, LINK);
}

function linksIn(body: string, LINK: RegExp): FileLink[] {
  const links: FileLink[] = [];
  for (const [start, end] of proseRanges(body)) {
    const part = body.slice(start, end);
    LINK.lastIndex = 0;
    for (let m = LINK.exec(part); m; m = LINK.exec(part)) {
      links.push({ start: start + m.index, end: start + m.index + m[0].length, fileId: m[1]! });
    }
  }
  return links;
}

/** The body with each link whose file has a target replaced by it; the others stay as they are. */
export function rewriteFileLinks(body: string, links: readonly FileLink[], targetOf: (fileId: string) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const link of links) {
    const target = targetOf(link.fileId);
    if (target === undefined) continue;
    out += body.slice(at, link.start) + target;
    at = link.end;
  }
  return out + body.slice(at);
}

// Characters that end or break a link target in Markdown or HTML, and `%` itself.
const UNSAFE = /[\s%()<>[\]"'`#?\\^{|}\p{Cc}\p{Z}]/gu;

/** A relative path as a link target: the characters Markdown or HTML would stop at are %-escaped. */
export function linkPath(rel: string): string {
  return rel.replace(UNSAFE, (c) => [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
