// markdown-it-footnote 4 ships no types (and @types/ targets markdown-it 14's).
declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';
  const footnote: (md: MarkdownIt) => void;
  export default footnote;
}
