// Two versions of a note side by side, read-only: the lines that differ
// marked, and within a changed line the words that differ. Long runs of
// unchanged lines are folded away (a button shows them), and a comparison
// with thousands of changed lines is drawn 2,000 rows at a time. Used by the
// conflict bar and the History dialog; the diff itself is line-diff.ts.
import { useMemo, useState } from 'react';
import { diffTexts, foldUnchanged, type Row, type SideLine } from './line-diff';
import './compare.css';

export interface ComparedVersion {
  label: string;
  /** Beside the label: when this version is from. */
  detail?: string;
  title: string;
  body: string;
}

interface Props {
  a: ComparedVersion;
  b: ComparedVersion;
  /** `history`: `a` is older, what it lacks is added (green) and what `b` lacks removed (red). `conflict`: two alternatives, both marked alike. */
  tone: 'history' | 'conflict';
  testId: string;
  /** Test ids of each side's header. */
  aTestId?: string;
  bTestId?: string;
  className?: string;
}

const number = (n: number) => new Intl.NumberFormat().format(n);
/** Rows drawn at first, and added by each "Show more". */
const ROW_STEP = 2000;

function Cell({ line, side, changed }: { line: SideLine | null; side: 'a' | 'b'; changed: boolean }) {
  if (!line) return <div className={`compare-cell side-${side} filler`} aria-hidden="true" />;
  return (
    <div className={`compare-cell side-${side}${changed ? ' changed' : ''}`} data-side={side}>
      <span className="compare-n" aria-hidden="true">{line.n}</span>
      <span className="compare-text">
        {line.segments.map((segment, k) =>
          segment.changed && line.segments.length > 1 ? <mark key={k} className="compare-word">{segment.text}</mark> : segment.text,
        )}
        {line.segments.every((s) => !s.text) && ' '}
      </span>
    </div>
  );
}

function RowView({ row }: { row: Row }) {
  const changed = row.kind !== 'same';
  return (
    <div className={`compare-row ${row.kind}`}>
      <Cell line={row.a} side="a" changed={changed} />
      <Cell line={row.b} side="b" changed={changed} />
    </div>
  );
}

function Header({ version, testId, other }: { version: ComparedVersion; testId?: string; other: ComparedVersion }) {
  const title = version.title.trim() || 'Untitled';
  const retitled = title !== (other.title.trim() || 'Untitled');
  return (
    <header className="compare-head-cell" data-testid={testId}>
      <div className="compare-head-line">
        <span className="compare-label">{version.label}</span>
        {version.detail && <span className="compare-detail">{version.detail}</span>}
      </div>
      <p className={`compare-title${retitled ? ' changed' : ''}`} title={title}>{title}</p>
    </header>
  );
}

export function TextComparison({ a, b, tone, testId, aTestId, bTestId, className }: Props) {
  const diff = useMemo(() => diffTexts(a.body, b.body), [a.body, b.body]);
  /** Folded runs the user opened, by their first row; a new pair of texts starts folded again. */
  const [open, setOpen] = useState<{ key: string; runs: Set<number> }>({ key: '', runs: new Set() });
  const key = `${a.body.length}:${b.body.length}:${diff.rows.length}`;
  const runs = useMemo(() => (open.key === key ? open.runs : new Set<number>()), [open, key]);
  const shown = useMemo(() => foldUnchanged(diff.rows, 3, runs), [diff.rows, runs]);
  /** Rows drawn so far: a version that differs from the other almost everywhere draws in steps. */
  const [drawn, setDrawn] = useState({ key: '', limit: ROW_STEP });
  const limit = drawn.key === key ? drawn.limit : ROW_STEP;
  const same = diff.changedA === 0 && diff.changedB === 0;
  return (
    <div className={`compare tone-${tone} ${className ?? ''}`} data-testid={testId} data-same={same || undefined}>
      <div className="compare-head">
        <Header version={a} other={b} testId={aTestId} />
        <Header version={b} other={a} testId={bTestId} />
      </div>
      <div className="compare-scroll" tabIndex={0} aria-label={`${a.label} beside ${b.label}`}>
        {same && <p className="compare-same" data-testid={`${testId}-same`}>The texts are the same.</p>}
        {!diff.exact && (
          <p className="compare-same">These versions differ almost everywhere: the part between their common start and end is marked as a whole.</p>
        )}
        <div className="compare-rows">
          {shown.slice(0, limit).map((item) =>
            item.kind === 'row' ? (
              <RowView key={item.index} row={diff.rows[item.index]!} />
            ) : (
              <button
                key={`fold-${item.run}`}
                type="button"
                className="compare-fold"
                onClick={() => setOpen({ key, runs: new Set([...runs, item.run]) })}
              >
                Show {number(item.to - item.from)} unchanged {item.to - item.from === 1 ? 'line' : 'lines'}
              </button>
            ),
          )}
          {shown.length > limit && (
            <button type="button" className="compare-fold" onClick={() => setDrawn({ key, limit: limit + ROW_STEP })}>
              Show {number(Math.min(ROW_STEP, shown.length - limit))} more of {number(shown.length - limit)} lines
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
