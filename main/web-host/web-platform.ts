// The browser host's Platform. It has no native dialogs: a folder is asked
// for with a path prompt shown by the renderer (an event out, an answering
// request back), which is also what lets tests script it. A prompt belongs
// to the page whose request asked for it (`forPage`): it is shown there
// only, one at a time (a new one from the same page replaces the last,
// which answers null), and answered null when that page goes away (reload,
// closed tab), so a prompt never outlives its context. Notifications are
// shown in the page; folders and links open with the OS's own opener.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppNotification, PathPromptRequest } from '../../shared/types';
import type { EventSink } from '../ipc/dispatch';
import type { Platform } from '../platform/platform';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** A renderer page (one WebSocket): where its prompts are shown. */
export interface PromptPage {
  showPrompt(request: PathPromptRequest): void;
}

export interface WebPlatform extends Platform {
  /** Runs a page's request: a folder prompt it leads to belongs to that page. */
  forPage<T>(page: PromptPage, run: () => T): T;
  /** The page went away: its open prompt is answered null. */
  pageGone(page: PromptPage): void;
  /**
   * The renderer's answer to a prompt (null = cancelled). Rejects when the path is not a folder, so the prompt stays open;
   * for a prompt that may create its folder, a missing folder is answered `{ missing }`, and created when `create` is set.
   */
  answerPathPrompt(requestId: string, answer: string | null, create?: boolean): Promise<{ missing: string } | undefined>;
  /** Prompts still waiting for an answer. */
  openPrompts(): PathPromptRequest[];
  /** Answers every open prompt with null (the host is shutting down). */
  cancelAll(): void;
}

export interface WebPlatformOptions {
  events: EventSink;
  /** Launches the OS opener; replaceable so tests do not open windows on the developer's desktop. */
  launch?: (target: string) => void;
  log?: (message: string) => void;
}

/** `~` and `~/x` mean the home folder, as in a shell; anything relative is taken from the home folder too. */
export function resolvePromptPath(input: string, home = os.homedir()): string {
  const trimmed = input.trim();
  const expanded = trimmed === '~' ? home : trimmed.startsWith('~/') ? path.join(home, trimmed.slice(2)) : trimmed;
  return path.resolve(home, expanded);
}

export function osOpenerCommand(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer';
  return 'xdg-open';
}

export function createWebPlatform(options: WebPlatformOptions): WebPlatform {
  const log = options.log ?? ((message: string) => console.error(message));
  const launch = options.launch ?? ((target: string) => {
    // No shell: the target is one argv entry, never parsed as a command line.
    const child = spawn(osOpenerCommand(), [target], { detached: true, stdio: 'ignore' });
    child.on('error', (error) => log(`quire: could not open ${target}: ${error.message}`));
    child.unref();
  });
  type Entry = { request: PathPromptRequest; page: PromptPage | null; resolve: (value: string | null) => void };
  const pending = new Map<string, Entry>();
  const asking = new AsyncLocalStorage<PromptPage>();
  const close = (entry: Entry) => {
    pending.delete(entry.request.requestId);
    entry.resolve(null);
  };

  return {
    host: 'web',

    forPage: (page, run) => asking.run(page, run),

    pageGone(page) {
      for (const entry of [...pending.values()]) if (entry.page === page) close(entry);
    },

    pickFolder({ title, defaultPath, create }) {
      const request: PathPromptRequest = { requestId: randomUUID(), title, ...(defaultPath ? { defaultPath } : {}), ...(create ? { create } : {}) };
      // Work started outside any page's request (none today) asks every page, as before.
      const page = asking.getStore() ?? null;
      // One prompt per page: the one it showed is replaced (its asker gets null, as for Cancel).
      for (const entry of [...pending.values()]) if (entry.page === page) close(entry);
      return new Promise<string | null>((resolve) => {
        pending.set(request.requestId, { request, page, resolve });
        if (page) page.showPrompt(request);
        else options.events.emit('platform.pathPrompt', request);
      });
    },

    async answerPathPrompt(requestId, answer, create = false) {
      const entry = pending.get(requestId);
      // Replaced, cancelled, or the host restarted: nothing is waiting any more (the page drops it).
      if (!entry) return undefined;
      if (answer === null) {
        pending.delete(requestId);
        entry.resolve(null);
        return undefined;
      }
      const folder = resolvePromptPath(answer);
      let stat = await fs.stat(folder).catch(() => null);
      if (!stat && entry.request.create) {
        if (!create) return { missing: folder };
        await fs.mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
          const why = error.code === 'EACCES' || error.code === 'EPERM' ? 'permission denied' : error.code === 'ENOTDIR' ? 'part of the path is a file' : error.code === 'EROFS' ? 'the drive is read-only' : String(error.message).split('\n')[0];
          throw new Error(`Could not create the folder ${folder}: ${why}.`);
        });
        stat = await fs.stat(folder).catch(() => null);
      }
      if (!stat) throw new Error(`There is no folder at ${folder}.`);
      if (!stat.isDirectory()) throw new Error(`${folder} is a file, not a folder.`);
      pending.delete(requestId);
      entry.resolve(folder);
      return undefined;
    },

    openPrompts: () => [...pending.values()].map((entry) => entry.request),

    cancelAll() {
      for (const entry of pending.values()) entry.resolve(null);
      pending.clear();
    },

    notify(notification: AppNotification) {
      options.events.emit('app.notification', notification);
    },

    async openPath(target) {
      launch(path.resolve(target));
    },

    async openExternal(url) {
      let protocol: string;
      try {
        protocol = new URL(url).protocol;
      } catch {
        throw new Error(`Quire cannot open ${url.slice(0, 200)}: it is not a valid link.`);
      }
      if (!EXTERNAL_PROTOCOLS.has(protocol)) {
        throw new Error(`Quire opens only web and e-mail links, not ${protocol} links.`);
      }
      launch(url);
    },
  };
}
