// Links from one note to another inside a note's body: `quire://note:<id>`,
// and `inkdrop://note:<id>` in notes restored from Inkdrop, which mean the
// same. Used by the backlinks index (main), Copy Note Link and the `[[`
// completion (renderer).
const NOTE_LINK = /(?:quire|inkdrop):\/\/(note:[^\s)"'<>\]#?]+)/gi;

function decoded(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** The ids (`note:…`) of the notes a body links to, each once, in order of first appearance. */
export function linkedNoteIds(body: string): string[] {
  if (!body.includes('://note:')) return [];
  const ids = new Set<string>();
  NOTE_LINK.lastIndex = 0;
  for (let m = NOTE_LINK.exec(body); m; m = NOTE_LINK.exec(body)) ids.add(decoded(m[1]!));
  return [...ids];
}

/** The URL of a note: `quire://note:<id>` for the id `note:<id>`. */
export const noteUrl = (noteId: string): string => `quire://${noteId}`;

/** `[Title](quire://note:<id>)`, with the characters that would end the link text or URL escaped. */
export function noteLinkMarkdown(title: string, noteId: string): string {
  const text = (title.trim() || 'Untitled').replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
  const url = noteUrl(noteId);
  return `[${text}](${/[\s()<>]/.test(url) ? `<${url}>` : url})`;
}
