// Highlighting inside fenced code blocks in the editor. CodeMirror's
// language-data would pull every language into our single bundle (esbuild
// does not split it here), so a common set is listed instead: the Lezer
// grammars Markdown already brings (JavaScript, CSS, HTML) and small legacy
// stream modes for the rest. Other languages show as plain code.
import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { StreamLanguage, type Language, type StreamParser } from '@codemirror/language';
import { c, cpp, csharp, java, kotlin } from '@codemirror/legacy-modes/mode/clike';
import { diff } from '@codemirror/legacy-modes/mode/diff';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { go } from '@codemirror/legacy-modes/mode/go';
import { python } from '@codemirror/legacy-modes/mode/python';
import { ruby } from '@codemirror/legacy-modes/mode/ruby';
import { rust } from '@codemirror/legacy-modes/mode/rust';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { swift } from '@codemirror/legacy-modes/mode/swift';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { xml } from '@codemirror/legacy-modes/mode/xml';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';

const STREAM_PARSERS: Record<string, StreamParser<unknown>> = {
  c, cpp, csharp, java, kotlin, diff, dockerfile: dockerFile, go, python, ruby, rust, shell, swift, toml, xml, yaml,
};
const LEZER: Record<string, () => Language> = {
  javascript: () => javascript({ jsx: true }).language,
  typescript: () => javascript({ typescript: true, jsx: true }).language,
  json: () => javascript().language,
  css: () => css().language,
  html: () => html().language,
};
const ALIASES: Record<string, string> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescript',
  py: 'python', sh: 'shell', bash: 'shell', zsh: 'shell', console: 'shell', 'c++': 'cpp', cs: 'csharp',
  rb: 'ruby', rs: 'rust', yml: 'yaml', kt: 'kotlin', svg: 'xml', htm: 'html', patch: 'diff', docker: 'dockerfile',
  jsonc: 'json', json5: 'json',
};

const made = new Map<string, Language>();

/** The language for a fence's info string (```js), or null for plain code. */
export function codeLanguage(info: string): Language | null {
  const word = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const name = ALIASES[word] ?? word;
  let language = made.get(name);
  if (language) return language;
  const parser = STREAM_PARSERS[name];
  const lezer = LEZER[name];
  if (parser) language = StreamLanguage.define(parser);
  else if (lezer) language = lezer();
  else return null;
  made.set(name, language);
  return language;
}
