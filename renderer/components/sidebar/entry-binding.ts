// What the sidebar tells each entry about keyboard focus and the current filter.
export interface EntryBindingProps {
  entryKey: string;
  current: boolean;
  /** The one entry Tab lands on (roving tabindex); the arrows move from there. */
  tabStop: boolean;
  onFocusEntry(key: string): void;
}

export type EntryBinding = (key: string) => EntryBindingProps;
