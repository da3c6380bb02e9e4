// What the user typed in Preferences › Sync (or gave the CLI), checked
// before anything goes over the network: the server's address and the
// database's name. Plain http:// is refused except to this computer, where
// nothing crosses a network: the password would travel readable.
import { SyncInputError } from './sync-errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A CouchDB database name (CouchDB's own rule): lower case letter first, then a-z 0-9 _ $ ( ) + - /. */
const DATABASE_NAME = /^[a-z][a-z0-9_$()+/-]{0,237}$/;

export const DEFAULT_DATABASE = 'quire';

/** The server's base address, ending in '/', with no credentials, query or fragment. */
export function parseServerAddress(input: string): URL {
  const text = input.trim();
  if (!text) throw new SyncInputError('Enter the address of your CouchDB server, for example https://couch.example.com:6984.', 'url');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new SyncInputError(`“${text.slice(0, 200)}” is not a server address. Write it like https://couch.example.com:6984.`, 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SyncInputError(`Quire syncs over https:// (or http:// to this computer), not ${url.protocol}//.`, 'url');
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new SyncInputError(
      'Plain http:// is refused for another computer: your password and notes would cross the network unencrypted. Use https://, or http:// only to localhost or 127.0.0.1.',
      'url',
    );
  }
  if (url.username || url.password) {
    throw new SyncInputError('Put the user name and password in their own fields, not in the address.', 'url');
  }
  if (url.search || url.hash) throw new SyncInputError('The server address takes no ? or # part.', 'url');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** A user name that can go into HTTP Basic authentication (no colon, no control character). */
export function checkUserName(input: string): string {
  const name = input.trim();
  if (name.includes(':') || [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw new SyncInputError('A user name cannot contain a colon or control characters.', 'user');
  return name;
}

export function checkDatabaseName(input: string): string {
  const name = input.trim();
  if (!DATABASE_NAME.test(name)) {
    throw new SyncInputError(
      'A database name starts with a lower-case letter and holds only lower-case letters, digits and _ $ ( ) + - / (CouchDB’s rule), at most 238 characters.',
      'database',
    );
  }
  return name;
}

/** The database's address on the server. */
export function databaseUrl(server: URL, database: string): string {
  return new URL(encodeURIComponent(database), server).href;
}
