// The one Content-Security-Policy of Quire's renderer, used by both hosts:
// the Electron app sets it as a response header on its pages, the browser
// host on every response. Scripts and styles come only from the app's own
// files: nothing inline, nothing remote, no eval. Images come from the
// app's own origin (attachments are served there by both hosts) and from
// data:/blob: URLs the editor makes for pasted images.
const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'", 'data:']],
  // 'self' covers the browser host's same-origin WebSocket (ws: matches 'self' in CSP 3).
  ['connect-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

/** Directives a <meta> CSP may not carry (browsers ignore them there, with a console warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function serialize(directives: typeof DIRECTIVES): string {
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

export function contentSecurityPolicy(): string {
  return serialize(DIRECTIVES);
}

/** The same policy for a `<meta http-equiv>` tag in index.html, a second line of defence. */
export function metaContentSecurityPolicy(): string {
  return serialize(DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)));
}

/** For responses that are data, not pages (attachments): nothing in them may run or load. */
export function dataContentSecurityPolicy(): string {
  return "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";
}
