// Markdown → HTML as GitHub renders it: tables, strikethrough, autolinks,
// task lists, footnotes and highlighted fenced code. The HTML is NOT safe to
// show as it is (notes may hold raw HTML): sanitize.ts cleans it first.
import markdownIt, { type MarkdownIt } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { highlightCode, isHighlightedLanguage } from './highlight';
import { taskListPlugin } from './task-list';

const TAG = /<[a-zA-Z][^>]*>/g;
const STYLE_ATTR = /\s+style\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi;

function createMarkdown(): MarkdownIt {
  const md = markdownIt({
    html: true,
    linkify: true,
    typographer: false,
    highlight: (code, info) => highlightCode(code, info),
  });
  md.use(footnote).use(taskListPlugin);
  // No style attributes reach the page: the CSP (style-src 'self') refuses them, with a console error for each.
  // A table column's alignment becomes a class (markdown.css)…
  md.core.ruler.push('quire_align_class', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue;
      const align = /text-align:\s*(left|right|center)/.exec(String(token.attrGet('style') ?? ''))?.[1];
      if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `align-${align}`);
    }
  });
  // …and raw HTML in a note loses its style attributes before anything parses it (the sanitizer would drop them after).
  for (const rule of ['html_block', 'html_inline'] as const) {
    const render = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, idx, options, env, self) =>
      render(tokens, idx, options, env, self).replace(TAG, (tag) => tag.replace(STYLE_ATTR, ''));
  }
  // Highlighted blocks get hljs's class so the theme applies; others stay plain.
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const html = fence(tokens, idx, options, env, self);
    return isHighlightedLanguage(tokens[idx]!.info) ? html.replace('<pre><code class="', '<pre><code class="hljs ') : html;
  };
  return md;
}

let shared: MarkdownIt | null = null;

export function renderMarkdown(body: string): string {
  shared ??= createMarkdown();
  return shared.render(body);
}
