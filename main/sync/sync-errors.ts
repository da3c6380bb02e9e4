// Why sync cannot go on, in words. Errors come from three places: our own
// checks (SyncInputError), Node's fetch (a TypeError whose `cause` has the
// system or TLS code) and PouchDB's replication (node-fetch's FetchError
// with a `code`, or a CouchDB answer with `status`, `name` and `reason`).

export type SyncField = 'url' | 'user' | 'password' | 'database' | null;

/** Something the user gave that cannot work, and the field it is about. */
export class SyncInputError extends Error {
  override name = 'SyncInputError';
  constructor(message: string, readonly field: SyncField = null) {
    super(message);
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

const CUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  status?: unknown;
  reason?: unknown;
  cause?: unknown;
  errno?: unknown;
}

function codeOf(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) return e.code;
  if (typeof e.errno === 'string' && /^[A-Z_]+$/.test(e.errno)) return e.errno;
  return codeOf(e.cause, depth + 1);
}

/** One sentence (or two) saying what went wrong, for the pane, the status bar and the CLI. */
export function describeSyncError(error: unknown, host = 'the server'): string {
  if (error instanceof SyncInputError) return error.message;
  const e = (error ?? {}) as ErrorLike;
  const code = codeOf(error);
  if (code) {
    if (TLS_CODES.has(code)) return `The certificate of ${host} is not trusted (${code}): it is not signed by an authority this computer knows.`;
    if (code === 'CERT_HAS_EXPIRED') return `The certificate of ${host} has expired.`;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `The certificate of ${host} is for another name than the one in the address.`;
    if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) return `A secure connection to ${host} could not be made (${code}).`;
    if (code === 'ECONNREFUSED') return `Nothing answers at ${host}: the server is not running there, or that is not its port.`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${cap(host)} could not be found: check the address, or this computer’s network.`;
    // ERR_STREAM_PREMATURE_CLOSE: node-fetch (PouchDB's) when the server goes away in the middle of an answer.
    if (CUT_CODES.has(code)) return `The connection to ${host} was cut.`;
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return `${cap(host)} did not answer in time.`;
    if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `${cap(host)} cannot be reached from this computer’s network.`;
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return `${cap(host)} did not answer in time.`;
  const status = typeof e.status === 'number' ? e.status : null;
  if (status === 401) return `${cap(host)} answered 401: user name or password not accepted.`;
  if (status === 403) return `${cap(host)} answered 403: this user may not read and write that database.`;
  if (status === 404) return `${cap(host)} answered 404: the database is not there (it was removed?).`;
  if (status === 413) return `${cap(host)} refused a document as too large (413).`;
  if (status !== null && status >= 500) return `${cap(host)} answered ${status}: it has a problem of its own. Quire tries again.`;
  const reason = typeof e.reason === 'string' && e.reason ? e.reason : typeof e.message === 'string' && e.message ? e.message : String(error);
  return status !== null ? `${cap(host)} answered ${status}: ${reason}` : `Sync failed: ${reason}`;
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
