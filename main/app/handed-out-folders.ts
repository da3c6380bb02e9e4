// The folders Quire itself has shown the renderer (its data folder and
// database, the backup location, an export's folder, any notification's
// folder), and the rule for `platform.openPath`: the OS opener runs an `.exe`,
// a `.desktop` file or an `.app` it is given, so only a folder on this list,
// still a folder once its links are resolved, is ever handed to it. The rule
// lives here, in the shared AppCore, so both hosts apply it; the Electron
// host's OS notifications open their folder through it too.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppNotification } from '../../shared/types';
import type { Platform } from '../platform/platform';
import { UserError } from '../notes/notes-service';

/** A directory macOS's opener launches instead of showing. */
const APPLICATION_BUNDLE = /\.app$/i;

export class HandedOutFolders {
  private readonly folders = new Set<string>();

  /** Remembers a folder main gives the renderer to show (relative paths and empty strings are ignored). */
  add(folder: string | null | undefined): void {
    if (folder && path.isAbsolute(folder)) this.folders.add(path.resolve(folder));
  }

  /**
   * The real folder behind `requested`, for the OS opener. Refuses, in plain
   * words, a path Quire never handed out, and one that is no longer a folder
   * (deleted, replaced by a file, or now a link to a file or an application).
   */
  async resolve(requested: string): Promise<string> {
    const named = path.resolve(requested);
    if (!path.isAbsolute(requested) || !this.folders.has(named)) {
      throw new UserError(`Quire opens only the folders it shows you (its data, backup and export folders), not ${requested}.`);
    }
    let real: string;
    try {
      real = await fs.realpath(named);
    } catch {
      throw new UserError(`There is no folder at ${named} any more.`);
    }
    const stat = await fs.lstat(real).catch(() => null);
    if (!stat?.isDirectory()) throw new UserError(`${named} is not a folder any more, so Quire does not open it.`);
    if (APPLICATION_BUNDLE.test(real)) throw new UserError(`${named} is an application, not a folder, so Quire does not open it.`);
    return real;
  }
}

/**
 * The Platform AppCore's services use: a notification's folder is handed out
 * as it is shown, its button (the OS notification's click in Electron) opens
 * it through the rule, and `openPath` applies the rule before the OS opener.
 */
export function withHandedOutFolders(platform: Platform, folders: HandedOutFolders): Platform {
  const openPath = async (requested: string) => platform.openPath(await folders.resolve(requested));
  return {
    host: platform.host,
    pickFolder: (options) => platform.pickFolder(options),
    notify(notification: AppNotification) {
      const folder = notification.openPath?.path;
      if (folder) folders.add(folder);
      platform.notify(notification, folder ? () => openPath(folder) : undefined);
    },
    openPath,
    openExternal: (url) => platform.openExternal(url),
  };
}
