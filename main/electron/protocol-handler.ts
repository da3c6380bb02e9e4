// Answers requests for app://quire/…: the built renderer's files, each with
// the Content-Security-Policy header, and attachments at
// /attachments/<encoded file id>. Built on the Fetch API's Request/Response
// (what Electron's protocol.handle speaks), so Node tests call it directly.
import fs from 'node:fs/promises';
import { APP_HOST, ATTACHMENTS_PATH } from '../../shared/contract/bridge';
import { servedContentType, type Attachment } from '../attachments/read-attachment';
import { resolveStaticFile } from '../web-host/static-files';
import { contentSecurityPolicy, dataContentSecurityPolicy } from './security';

export interface AppRequestOptions {
  /** Absolute, symlink-free path of the built renderer (app/dist/renderer). */
  rendererDir: string;
  readAttachment(fileId: string): Promise<Attachment | null>;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': dataContentSecurityPolicy() },
  });
}

export function createAppRequestHandler(options: AppRequestOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    const head = request.method === 'HEAD';

    if (url.pathname.startsWith(ATTACHMENTS_PATH)) {
      let fileId: string;
      try {
        fileId = decodeURIComponent(url.pathname.slice(ATTACHMENTS_PATH.length));
      } catch {
        return plain(400, 'Bad attachment id');
      }
      const attachment = await options.readAttachment(fileId);
      if (!attachment) return plain(404, 'Not found');
      return new Response(head ? null : new Uint8Array(attachment.data), {
        headers: {
          ...COMMON_HEADERS,
          'Content-Type': servedContentType(attachment.contentType),
          'Content-Length': String(attachment.data.length),
          // Bytes from imported files: nothing in them may run, even an SVG opened on its own.
          'Content-Security-Policy': dataContentSecurityPolicy(),
        },
      });
    }

    const found = resolveStaticFile(options.rendererDir, url.pathname);
    if (found.status !== 200) return plain(found.status, found.status === 403 ? 'Forbidden' : 'Not found');
    const body = head ? null : new Uint8Array(await fs.readFile(found.file));
    return new Response(body, {
      headers: {
        ...COMMON_HEADERS,
        'Content-Type': found.contentType,
        'Content-Length': String(found.size),
        'Content-Security-Policy': contentSecurityPolicy(),
      },
    });
  };
}
