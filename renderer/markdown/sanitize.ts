// Makes rendered note HTML safe to put in the page. Notes may contain any
// HTML (imports, other apps, a pasted web page), so everything that could
// run code, load a frame, submit a form or restyle the app is removed by
// DOMPurify before the HTML reaches the document. Links and images pointing
// at Quire's own documents (quire://, inkdrop://) are parked in data-
// attributes during sanitizing and turned into real URLs afterwards, so the
// sanitizer never has to allow a custom scheme.
import DOMPurify from 'dompurify';
import { fileIdOfUrl, noteIdOfUrl } from './app-links';

const purify = DOMPurify(window);

const FORBID_TAGS = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'button', 'textarea',
  'select', 'option', 'optgroup', 'dialog', 'template', 'slot', 'base', 'link', 'meta', 'portal', 'noscript',
];
// style: the CSP refuses inline styles anyway; target/ping/formaction: links are opened by the app, not the page.
const FORBID_ATTR = ['style', 'target', 'ping', 'formaction', 'action', 'srcset', 'autofocus', 'contenteditable'];
/** http(s), mailto, in-page anchors and relative paths; no javascript:, data:, vbscript: or other schemes. */
const ALLOWED_URI = /^(?:(?:https?|mailto):|#|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

purify.addHook('beforeSanitizeAttributes', (node) => {
  if (node.nodeName === 'IMG') {
    const fileId = fileIdOfUrl(node.getAttribute('src') ?? '');
    if (fileId) {
      node.removeAttribute('src');
      node.setAttribute('data-file-id', fileId);
    }
  } else if (node.nodeName === 'A') {
    const noteId = noteIdOfUrl(node.getAttribute('href') ?? '');
    if (noteId) {
      node.removeAttribute('href');
      node.setAttribute('data-note-id', noteId);
    }
  }
});

export interface SanitizeOptions {
  /** Where the page can load an attachment's bytes (client.attachmentUrl). */
  attachmentUrl(fileId: string): string;
}

/** Sanitized DOM for rendered note HTML, with Quire's own links resolved. */
export function sanitizeToFragment(html: string, options: SanitizeOptions): DocumentFragment {
  const fragment = purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_DOM_FRAGMENT: true,
  });
  // Only the preview's own task boxes may stay: any other form control in a note is inert text to us.
  for (const input of fragment.querySelectorAll('input')) {
    if (input.type !== 'checkbox' || !input.hasAttribute('data-task-index')) input.remove();
    else input.removeAttribute('disabled');
  }
  for (const img of fragment.querySelectorAll<HTMLImageElement>('img[data-file-id]')) {
    img.src = options.attachmentUrl(img.dataset.fileId!);
  }
  for (const img of fragment.querySelectorAll<HTMLImageElement>('img')) {
    img.loading = 'lazy';
    img.decoding = 'async';
  }
  for (const a of fragment.querySelectorAll<HTMLAnchorElement>('a[data-note-id]')) {
    a.href = `quire://${a.dataset.noteId!}`;
  }
  return fragment;
}
