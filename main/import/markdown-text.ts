// What the importer reads out of a Markdown body: the title heading and the
// images that point at local files. Both ignore fenced code blocks, where a
// `# ` line or an image link is example text, not structure.

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** [start, end) offsets of the parts of `text` outside fenced code blocks. */
export function proseRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let fence: string | null = null;
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const line = text.slice(offset, lineEnd).replace(/\r?\n$/, '');
    if (fence === null) {
      const open = FENCE_OPEN.exec(line);
      if (open) {
        fence = open[1]!;
        if (offset > start) ranges.push([start, offset]);
      }
    } else {
      const trimmed = line.trim();
      if (trimmed.length >= fence.length && trimmed === fence[0]!.repeat(trimmed.length) && /^ {0,3}\S/.test(line)) {
        fence = null;
        start = lineEnd;
      }
    }
    offset = lineEnd;
  }
  if (fence === null && start < text.length) ranges.push([start, text.length]);
  return ranges;
}

const H1 = /^ {0,3}# +(.*?)(?:[ \t]+#+)?[ \t]*$/m;

/** The text of the first level-1 ATX heading (`# Title`) outside code, or null. */
export function firstHeading(text: string): string | null {
  for (const [start, end] of proseRanges(text)) {
    const part = text.slice(start, end);
    const re = new RegExp(H1.source, 'gm');
    for (let m = re.exec(part); m; m = re.exec(part)) {
      const title = m[1]!.trim();
      if (title) return title;
    }
  }
  return null;
}

export interface ImageRef {
  /** Offsets of the link target in the body (what gets rewritten). */
  start: number;
  end: number;
  /** The target as a file path: angle brackets, query and URL escapes removed. */
  path: string;
}

// ![alt](target "title") with the target optionally in <angle brackets>.
const MD_IMAGE = /!\[(?:[^\]\\\n]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/dg;
const HTML_IMAGE = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/dgi;

/** Image links whose target is a relative path (no scheme, not absolute, not an anchor). */
export function localImageRefs(text: string): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const [start, end] of proseRanges(text)) {
    const part = text.slice(start, end);
    for (const re of [MD_IMAGE, HTML_IMAGE]) {
      re.lastIndex = 0;
      for (let m = re.exec(part); m; m = re.exec(part)) {
        const group = [1, 2, 3].find((g) => m![g] !== undefined)!;
        const [s, e] = m.indices![group]!;
        const target = m[group]!;
        const path = relativePathOf(target.startsWith('<') ? target.slice(1, -1) : target);
        if (path !== null) refs.push({ start: start + s, end: start + e, path });
      }
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

// [text](target "title") that is not an image, and <a href="target">.
const MD_LINK = /(?<!!)\[(?:[^\]\\\n]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/dg;
const HTML_LINK = /<a\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/dgi;

/** Links to other Markdown files by relative path (`[text](Other%20note.md)`): links between notes in an export. */
export function localNoteRefs(text: string): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const [start, end] of proseRanges(text)) {
    const part = text.slice(start, end);
    for (const re of [MD_LINK, HTML_LINK]) {
      re.lastIndex = 0;
      for (let m = re.exec(part); m; m = re.exec(part)) {
        const group = [1, 2, 3].find((g) => m![g] !== undefined)!;
        const [s, e] = m.indices![group]!;
        const target = m[group]!;
        const path = relativePathOf(target.startsWith('<') ? target.slice(1, -1) : target);
        if (path !== null && /\.md$/i.test(path)) refs.push({ start: start + s, end: start + e, path });
      }
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

function relativePathOf(target: string): string | null {
  const t = target.trim();
  if (!t || /^[a-z][a-z0-9+.-]*:/i.test(t) || /^[/\\#]/.test(t)) return null;
  const bare = t.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/** The body with each image link target replaced; `replacements` maps ref to new target. */
export function rewriteTargets(text: string, replacements: { ref: ImageRef; target: string }[]): string {
  let out = text;
  for (const { ref, target } of [...replacements].sort((a, b) => b.ref.start - a.ref.start)) {
    const original = out.slice(ref.start, ref.end);
    // Keep `<...>` around a target that had them, so the link still parses.
    const next = original.startsWith('<') ? `<${target}>` : target;
    out = out.slice(0, ref.start) + next + out.slice(ref.end);
  }
  return out;
}
