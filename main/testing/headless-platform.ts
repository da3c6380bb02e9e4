// A Platform with no window behind it, for tests and benchmarks: no folder is
// ever picked, nothing opens (the OS opener's target goes to `openPath` if
// given, as does the OS notification's button to `notify`), and notifications
// go to `notify` if given.
import type { AppNotification, HostKind } from '../../shared/types';
import type { Platform } from '../platform/platform';

export function headlessPlatform(options: {
  host?: HostKind;
  notify?: (notification: AppNotification, openFolder?: () => Promise<void>) => void;
  openPath?: (path: string) => void;
} = {}): Platform {
  return {
    host: options.host ?? 'web',
    pickFolder: async () => null,
    notify: options.notify ?? (() => undefined),
    openPath: async (path) => options.openPath?.(path),
    openExternal: async () => undefined,
  };
}
