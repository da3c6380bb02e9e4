// Markdown → HTML as GitHub renders it: tables, strikethrough, autolinks,
// task lists, footnotes and highlighted fenced code. The HTML is NOT safe to
// show as it is (notes may hold raw HTML): sanitize.ts cleans it first.
import markdownIt, { type MarkdownIt } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { highlightCode, isHighlightedLanguage } from './highlight';
import { taskListPlugin } from './task-list';

function createMarkdown(): MarkdownIt {
  const md = markdownIt({
    html: true,
    linkify: true,
    typographer: false,
    highlight: (code, info) => highlightCode(code, info),
  });
  md.use(footnote).use(taskListPlugin);
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
