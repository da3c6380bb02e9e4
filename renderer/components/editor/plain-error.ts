// Messages from the main process are meant for the user, except schema
// refusals, which name the document: those are reworded here.
export function plainError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const refusal = /^Invalid document "[^"]*": ([\s\S]*)$/.exec(message);
  if (!refusal) return message;
  const detail = refusal[1]!
    .replace(/^body /, 'The note ')
    .replace(/^title /, 'The title ');
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}
