// A Platform with no window behind it, for tests and benchmarks: no folder is
// ever picked, nothing opens, and notifications go to `notify` if given.
import type { AppNotification, HostKind } from '../../shared/types';
import type { Platform } from '../platform/platform';

export function headlessPlatform(options: { host?: HostKind; notify?: (notification: AppNotification) => void } = {}): Platform {
  return {
    host: options.host ?? 'web',
    pickFolder: async () => null,
    notify: options.notify ?? (() => undefined),
    openPath: async () => undefined,
    openExternal: async () => undefined,
  };
}
