// The browser host: the same main-process services as the Electron app,
// reached over HTTP and one WebSocket on 127.0.0.1 only. It serves the built
// renderer with the app's Content-Security-Policy, and guards everything that
// touches data (the WebSocket and attachments) with a random per-run token
// that only the printed URL carries. Run: node app/dist/web-host.mjs
// [--user-data-dir DIR] [--port N]
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCore } from '../app/app-core';
import { databasePath, resolveUserDataDir } from '../app/paths';
import type { Handlers } from '../ipc/dispatch';
import { contentSecurityPolicy, dataContentSecurityPolicy } from '../security/csp';
import {
  ATTACHMENTS_PATH, MAX_MESSAGE_BYTES, TOKEN_PARAM, WS_PATH, type ServerMessage,
} from '../../shared/contract/ws-messages';
import { serveStatic } from './static-files';
import { PageFirst } from './page-first';
import { createWebPlatform, type PromptPage } from './web-platform';
import { Broadcaster, replyTo, send } from './ws-protocol';

const HOST = '127.0.0.1';

export interface WebHostOptions {
  userDataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (index.html, renderer.js, renderer.css). */
  rendererDir: string;
  /** Only tests pass one; a real run makes a fresh random token. */
  token?: string;
  /** How folders and links are opened in the OS (tests replace it). */
  launch?: (target: string) => void;
  log?: (message: string) => void;
  /**
   * Told the address as soon as the server listens, before the database is
   * open: the window loads its page and script meanwhile, and its first
   * requests wait for the database (server.ts's start says why).
   */
  onListening?: (url: string) => void;
}

export interface WebHost {
  readonly origin: string;
  /** The address to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly core: AppCore;
  close(): Promise<void>;
}

/** Attachment types a browser may show inline; anything else is offered as a download. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml']);

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? ((message: string) => console.error(message));
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (!fs.existsSync(`${options.rendererDir}/index.html`)) {
    throw new Error(`the renderer is not built (no index.html in ${options.rendererDir}); run \`npm run build\` first.`);
  }
  const rendererDir = fs.realpathSync(options.rendererDir);
  const events = new Broadcaster();
  const platform = createWebPlatform({ events, log, ...(options.launch ? { launch: options.launch } : {}) });
  // The server listens first and the database opens after: a window opened at
  // the printed address gets its page and script first (page-first.ts), and
  // compiles and runs them (half a second on two cores) while the database
  // opens and the summaries start loading, instead of after. Requests and
  // attachments that come before wait for `opened`.
  let markOpened!: (open: { core: AppCore; handlers: Handlers }) => void;
  let failOpened!: (error: Error) => void;
  let openFailed = false;
  const opened = new Promise<{ core: AppCore; handlers: Handlers }>((resolve, reject) => {
    markOpened = resolve;
    failOpened = (error) => {
      openFailed = true;
      reject(error);
    };
  });
  opened.catch(() => undefined); // said by startWebHost's own rejection

  let origin = '';
  // The page may be opened as http://127.0.0.1:PORT or http://localhost:PORT: both name
  // this host, on this port; every other host name, and every other port, is refused.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const tokenBytes = Buffer.from(token);
  const tokenMatches = (candidate: string | null) => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const pageFirst = new PageFirst();
  const server = http.createServer((req, res) => {
    setCommonHeaders(res);
    // A page on another site that points a hostname at 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!allowedHosts.has(req.headers.host ?? '')) return plain(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
    const url = parseUrl(req.url, origin);
    if (!url) return plain(res, 400, 'Bad request');
    if (url.pathname.startsWith(ATTACHMENTS_PATH)) {
      if (!tokenMatches(url.searchParams.get(TOKEN_PARAM))) return plain(res, 403, 'Forbidden');
      opened.then(({ core }) => serveAttachment(core, url.pathname.slice(ATTACHMENTS_PATH.length), req, res)).catch((error: Error) => {
        if (!openFailed) log(`quire: attachment failed: ${error.message}`);
        if (!res.headersSent) plain(res, 500, 'Could not read the attachment');
        else res.destroy();
      });
      return;
    }
    // Raw path, not url.pathname: URL parsing would quietly fold `/../` away and hide the attempt.
    const pathname = (req.url ?? '/').split('?')[0]!;
    pageFirst.noteRequest(pathname, res);
    serveStatic(rendererDir, pathname, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseUrl(req.url, origin);
    if (!url) return refuse(socket, 400, 'Bad Request');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!tokenMatches(url.searchParams.get(TOKEN_PARAM))) return refuse(socket, 401, 'Unauthorized');
    if (!allowedOrigins.has(req.headers.origin ?? '')) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket) {
    // This page's folder prompts are shown to it alone, and go away with it (web-platform.ts).
    const page: PromptPage = {
      showPrompt: (request) => send(ws, JSON.stringify({ type: 'event', name: 'platform.pathPrompt', payload: request } satisfies ServerMessage)),
    };
    events.sockets.add(ws);
    ws.on('close', () => {
      events.sockets.delete(ws);
      platform.pageGone(page);
    });
    ws.on('error', (error) => log(`quire: WebSocket error: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? '' : data.toString();
      // Callbacks on one promise run in the order they were added: requests keep their order.
      opened
        .then(({ handlers }) => platform.forPage(page, () => replyTo(frame, handlers)))
        .then((reply) => {
          if (reply) send(ws, JSON.stringify(reply));
        })
        .catch((error: Error) => {
          // A database that could not be opened is said once, by startWebHost's caller.
          if (!openFailed) log(`quire: request failed: ${error.message}`);
        });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((name) => `http://${name}`));
  const url = `${origin}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  options.onListening?.(url);

  const stopServer = async () => {
    platform.cancelAll();
    for (const ws of wss.clients) ws.close(1001, 'Quire is shutting down');
    wss.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  let core: AppCore | undefined;
  try {
    // Loaded here, not at the top: PouchDB and the services are most of the
    // host's start (0.3 s of its 0.55 s before it listened), now spent while
    // the window runs its script, once it has it (page-first.ts). The bundle
    // keeps them in a chunk of their own (scripts/build.mjs).
    await pageFirst.sent();
    const { createAppCore } = await import('../app/app-core');
    core = await createAppCore({ userDataDir: options.userDataDir, platform, events });
    // PouchDB opens lazily: touch it now so a database locked by another Quire fails here, in one line.
    await core.db.info();
  } catch (error) {
    const failure = new Error(
      `Quire could not open its database at ${databasePath(options.userDataDir)}: ${(error as Error).message}`, { cause: error },
    );
    failOpened(failure);
    await stopServer();
    await core?.close().catch(() => undefined);
    throw failure;
  }
  const openedCore = core;
  markOpened({
    core: openedCore,
    handlers: {
      ...openedCore.handlers,
      'platform.answerPathPrompt': ({ requestId, path, create }) => platform.answerPathPrompt(requestId, path, create === true),
    },
  });

  let closing: Promise<void> | null = null;
  return {
    origin,
    url,
    port,
    token,
    core: openedCore,
    close() {
      closing ??= (async () => {
        await stopServer();
        await openedCore.close();
      })();
      return closing;
    },
  };
}

function parseUrl(raw: string | undefined, origin: string): URL | null {
  try {
    return new URL(raw ?? '/', origin);
  } catch {
    return null;
  }
}

function setCommonHeaders(res: ServerResponse) {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function plain(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function refuse(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function serveAttachment(core: AppCore, encodedId: string, req: IncomingMessage, res: ServerResponse) {
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    return plain(res, 404, 'Not found');
  }
  if (!id.startsWith('file:')) return plain(res, 404, 'Not found');
  const doc = (await core.db.get(id).catch(() => null)) as { contentType?: unknown; name?: unknown } | null;
  const data = doc ? ((await core.db.getAttachment(id, 'index').catch(() => null)) as Buffer | null) : null;
  if (!doc || !data) return plain(res, 404, 'Not found');
  const type = typeof doc.contentType === 'string' ? doc.contentType.toLowerCase() : '';
  const inline = INLINE_TYPES.has(type);
  res.setHeader('Content-Security-Policy', dataContentSecurityPolicy());
  res.writeHead(200, {
    'Content-Type': inline ? type : 'application/octet-stream',
    'Content-Length': String(data.length),
    'Cache-Control': 'private, max-age=3600',
    ...(inline ? {} : { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(String(doc.name ?? 'attachment'))}` }),
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}

function parsePort(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = arg.startsWith('--port=') ? arg.slice('--port='.length) : arg === '--port' ? argv[i + 1] : undefined;
    if (value === undefined) continue;
    const port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port needs a number from 0 to 65535, not "${value}".`);
    return port;
  }
  return 0;
}

class UsageError extends Error {}

const USAGE = 'Usage: node app/dist/web-host.mjs [--user-data-dir DIR] [--port N]';

/** The command-line entry: start, print the address, stop cleanly on SIGINT/SIGTERM. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let starting: Promise<WebHost>;
  try {
    starting = startWebHost({
      userDataDir: resolveUserDataDir(argv),
      port: parsePort(argv),
      rendererDir: fileURLToPath(new URL('./renderer/', import.meta.url)),
      // Printed before the database is open: the page loads meanwhile (startWebHost).
      onListening: (url) => console.log(`Quire (browser host) at ${url}`),
    });
  } catch (error) {
    starting = Promise.reject(error);
  }
  // Heard from the start: the address is printed before the database is
  // open, and a stop asked for meanwhile waits for the start, then closes.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`quire: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    starting
      .then((host) => host.close())
      .then(
        () => process.exit(0),
        (error: Error) => {
          // A start that failed has said why below and exits with 2.
          if (!startFailed) console.error(`quire: could not close the database cleanly: ${error.message}`);
          process.exit(startFailed ? 2 : 1);
        },
      );
  };
  let startFailed = false;
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    await starting;
  } catch (error) {
    startFailed = true;
    console.error(`quire: ${(error as Error).message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return fs.realpathSync(script) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
