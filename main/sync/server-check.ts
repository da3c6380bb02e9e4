// Connect's check, before anything is saved or synced: the server answers,
// it is a CouchDB (or speaks its protocol), the credentials are accepted,
// and the database is there or can be created. Each refusal says in words
// what is wrong and which field it is about. Requests go through PouchDB's
// own fetch, so a certificate the check accepts is one sync accepts too.
import { describeSyncError, SyncInputError } from './sync-errors';
import { fetchWithTimeout, type SyncCredentials } from './remote-database';
import { databaseUrl } from './server-address';

export const CHECK_TIMEOUT_MS = 15_000;

interface Answer {
  status: number;
  body: unknown;
}

export interface ServerCheck {
  /** The server's own name and version, for the pane ("CouchDB 3.3.3"). */
  server: string;
  /** The database did not exist and was created. */
  created: boolean;
}

export async function checkServer(
  server: URL,
  database: string,
  credentials: SyncCredentials,
  options: { timeoutMs?: number } = {},
): Promise<ServerCheck> {
  const fetch = fetchWithTimeout(options.timeoutMs ?? CHECK_TIMEOUT_MS);
  const host = server.host;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (credentials.user) {
    headers.Authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  const ask = async (url: string, method = 'GET', withAuth = true): Promise<Answer> => {
    let response: { status: number; text(): Promise<string> };
    try {
      response = (await fetch(url, { method, headers: withAuth ? headers : { Accept: 'application/json' } })) as typeof response;
    } catch (error) {
      throw new SyncInputError(describeSyncError(error, host), 'url');
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: response.status, body };
  };

  // 1. A CouchDB answers its root with {"couchdb":"Welcome", "version":…} (pouchdb-server: {"express-pouchdb":"Welcome!"}).
  let root = await ask(server.href, 'GET', false);
  if (root.status === 401 && credentials.user) root = await ask(server.href);
  if (root.status === 401) throw new SyncInputError(`The server at ${host} answered 401: it wants a user name and password.`, 'user');
  const welcome = (root.body ?? {}) as Record<string, unknown>;
  const isCouch = root.status === 200 && (typeof welcome.couchdb === 'string' || typeof welcome['express-pouchdb'] === 'string');
  if (!isCouch) {
    throw new SyncInputError(
      `The server at ${host} is not a CouchDB server: it answered ${root.status}${root.body === null ? ' with something other than JSON' : ''}. Check the address and port (CouchDB’s are usually 5984, or 6984 for https).`,
      'url',
    );
  }
  const name = typeof welcome.couchdb === 'string'
    ? `CouchDB ${typeof welcome.version === 'string' ? welcome.version : ''}`.trim()
    : `PouchDB Server ${typeof welcome.version === 'string' ? welcome.version : ''}`.trim();

  // 2. The credentials, on their own: a wrong password is said as such, not as "no access to the database".
  if (credentials.user) {
    const session = await ask(new URL('_session', server).href);
    if (session.status === 401) throw new SyncInputError(`The server answered 401: user name or password not accepted.`, 'password');
  }

  // 3. The database: there, or created.
  const dbUrl = databaseUrl(server, database);
  const info = await ask(dbUrl);
  if (info.status === 200) return { server: name, created: false };
  if (info.status === 401) {
    throw new SyncInputError(
      credentials.user
        ? 'The server answered 401: user name or password not accepted.'
        : `The server answered 401: the database “${database}” needs a user name and password.`,
      credentials.user ? 'password' : 'user',
    );
  }
  if (info.status === 403) throw new SyncInputError(`The server answered 403: ${credentials.user || 'an anonymous user'} may not use the database “${database}”.`, 'database');
  if (info.status !== 404) throw new SyncInputError(`The server answered ${info.status} when asked for the database “${database}”.`, 'database');
  const created = await ask(dbUrl, 'PUT');
  if (created.status === 201 || created.status === 202 || created.status === 412) return { server: name, created: created.status !== 412 };
  if (created.status === 401 || created.status === 403) {
    throw new SyncInputError(
      `The database “${database}” does not exist, and ${credentials.user || 'an anonymous user'} may not create it (the server answered ${created.status}). Create it on the server, or ask its administrator to.`,
      'database',
    );
  }
  throw new SyncInputError(`The database “${database}” does not exist and could not be created: the server answered ${created.status}.`, 'database');
}
