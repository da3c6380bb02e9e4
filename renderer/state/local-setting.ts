// Small per-window preferences (folded notebooks, pane widths) kept in
// localStorage: they belong to this window's layout, not to the notes, so
// they stay out of the database. Storage can be missing or full (private
// modes, quotas): then the preference simply is not remembered.
export function readSetting<T>(key: string, parse: (raw: unknown) => T | undefined): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw == null ? undefined : parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export function writeSetting(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Not remembered; the window still works.
  }
}
