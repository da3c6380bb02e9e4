// The browser host's Platform. It has no native dialogs: a folder is asked
// for with a path prompt shown by the renderer (an event out, an answering
// request back), which is also what lets tests script it. Notifications are
// shown in the page; folders and links open with the OS's own opener.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppNotification, PathPromptRequest } from '../../shared/types';
import type { EventSink } from '../ipc/dispatch';
import type { Platform } from '../platform/platform';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export interface WebPlatform extends Platform {
  /**
   * The renderer's answer to a prompt (null = cancelled). Rejects when the path is not a folder, so the prompt stays open;
   * for a prompt that may create its folder, a missing folder is answered `{ missing }`, and created when `create` is set.
   */
  answerPathPrompt(requestId: string, answer: string | null, create?: boolean): Promise<{ missing: string } | undefined>;
  /** Prompts still waiting for an answer: re-sent to a renderer that connects (or reconnects) later. */
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
  const pending = new Map<string, { request: PathPromptRequest; resolve: (value: string | null) => void }>();

  return {
    host: 'web',

    pickFolder({ title, defaultPath, create }) {
      const request: PathPromptRequest = { requestId: randomUUID(), title, ...(defaultPath ? { defaultPath } : {}), ...(create ? { create } : {}) };
      return new Promise<string | null>((resolve) => {
        pending.set(request.requestId, { request, resolve });
        options.events.emit('platform.pathPrompt', request);
      });
    },

    async answerPathPrompt(requestId, answer, create = false) {
      const entry = pending.get(requestId);
      // Another tab answered first, or the host restarted: nothing is waiting any more.
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
