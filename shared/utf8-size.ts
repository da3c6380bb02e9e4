// A text's size in UTF-8 against a byte limit, without encoding it when its
// length alone settles the question (a UTF-16 unit is 1 to 3 bytes): notes'
// bodies are checked on every save and every write.
const encoder = new TextEncoder();

/** The text's UTF-8 size in bytes when it is over `limit`, else null. */
export function bytesOver(text: string, limit: number): number | null {
  if (text.length * 3 <= limit) return null;
  const bytes = encoder.encode(text).length;
  return bytes > limit ? bytes : null;
}
