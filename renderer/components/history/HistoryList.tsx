// The versions of a note in the History dialog, newest first: a listbox the
// arrow keys move through (Home and End to either end), the chosen version
// shown beside the current text.
import { useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '../../../shared/contract/snapshot-requests';
import { describeChange, describeSource, timeLabels } from './history-text';

interface Props {
  entries: HistoryEntry[];
  selected: string | null;
  onSelect(key: string): void;
  now: number;
}

export function HistoryList({ entries, selected, onSelect, now }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const labels = useMemo(() => timeLabels(entries.map((e) => e.time), now), [entries, now]);
  const optionId = (key: string) => `${baseId}-${entries.findIndex((e) => e.key === key)}`;

  // Opened with the keyboard in mind: the list takes the focus, and the chosen entry stays in view.
  useEffect(() => {
    list.current?.focus();
  }, []);
  useEffect(() => {
    if (!selected) return;
    document.getElementById(optionId(selected))?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = entries.findIndex((e) => e.key === selected);
    const moves: Record<string, number> = {
      ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1, PageDown: index + 8, PageUp: index - 8,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = entries[Math.max(0, Math.min(entries.length - 1, moves[event.key]!))];
    if (next) onSelect(next.key);
  };

  return (
    <div
      ref={list}
      className="history-list"
      role="listbox"
      aria-label="Versions, newest first"
      tabIndex={0}
      aria-activedescendant={selected ? optionId(selected) : undefined}
      onKeyDown={onKeyDown}
      data-testid="history-list"
    >
      {entries.map((entry, i) => (
        <div
          key={entry.key}
          id={`${baseId}-${i}`}
          role="option"
          aria-selected={entry.key === selected}
          className={`history-entry${entry.key === selected ? ' selected' : ''}`}
          data-testid="history-entry"
          data-key={entry.key}
          data-current={entry.current || undefined}
          onClick={() => onSelect(entry.key)}
        >
          <div className="history-entry-head">
            <span className="history-entry-time">{labels[i]}</span>
            {entry.current && <span className="history-badge current">Current</span>}
          </div>
          <div className="history-entry-change" data-testid="history-entry-change">{describeChange(entry, i === entries.length - 1)}</div>
          {describeSource(entry) && (
            <div className="history-entry-source">
              <span className={`history-source ${entry.source}`}>{describeSource(entry)}</span>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
