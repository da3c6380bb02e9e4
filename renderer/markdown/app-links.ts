// Links between Quire's own documents inside note bodies: images stored as
// `file:` documents and links to other notes. Quire writes `quire://`;
// notes restored from Inkdrop carry `inkdrop://`, which mean the same.
const APP_LINK = /^(?:quire|inkdrop):\/\/(file|note):(.+)$/i;

function appLink(url: string, kind: 'file' | 'note'): string | null {
  const match = APP_LINK.exec(url.trim());
  if (!match || match[1]!.toLowerCase() !== kind) return null;
  let rest = match[2]!;
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // A stray % is part of the id as written.
  }
  return `${kind}:${rest}`;
}

/** `quire://file:abc` or `inkdrop://file:abc` → `file:abc`; anything else → null. */
export const fileIdOfUrl = (url: string): string | null => appLink(url, 'file');

/** `quire://note:abc` or `inkdrop://note:abc` → `note:abc`; anything else → null. */
export const noteIdOfUrl = (url: string): string | null => appLink(url, 'note');

export const fileUrl = (fileId: string): string => `quire://${fileId}`;

/** The Markdown an inserted image becomes: `![name](quire://file:<id>)`. */
export function imageMarkdown(name: string, fileId: string): string {
  // Brackets and backslashes would end or escape the alt text early.
  const alt = name.replace(/\.[a-z0-9]+$/i, '').replace(/[[\]\\]/g, '').trim() || 'image';
  const target = /[\s()<>]/.test(fileId) ? `<${fileUrl(fileId)}>` : fileUrl(fileId);
  return `![${alt}](${target})`;
}

/** Links the preview may hand to the system browser or mail app. */
export function isExternalUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}
