// The handle between two panes: drag it (pointer events, so mouse, pen and
// touch alike), or focus it and use ArrowLeft/ArrowRight (Shift for bigger
// steps), Home/End for the narrowest and widest; a double-click goes back to
// the default width. The pane it sizes is the one just before it. The width
// is remembered (state/layout.ts) and kept within bounds that leave the
// editor room.
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_EDITOR_WIDTH, PANE_DEFAULTS, PANE_LIMITS, useLayout, type ResizablePane } from '../state/layout';
import { clamp } from '../sidebar-model';

const STEP = 16;
const BIG_STEP = 64;

export function PaneResizer({ pane, label }: { pane: ResizablePane; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useLayout((s) => s.widths[pane]);
  const setWidth = useLayout((s) => s.setWidth);
  const drag = useRef<{ startX: number; startWidth: number; max: number } | null>(null);
  const { min, max } = PANE_LIMITS[pane];

  const sized = () => ref.current?.previousElementSibling as HTMLElement | null;
  /** The widest this pane may be now: its own limit, and whatever leaves the editor its room. */
  const maxNow = () => {
    const panes = ref.current?.parentElement;
    const own = sized()?.getBoundingClientRect().width ?? 0;
    if (!panes) return max;
    const others = [...panes.children]
      // The last pane is the editor, which takes what is left.
      .filter((el) => el !== sized() && el !== panes.lastElementChild && !el.classList.contains('pane-resizer'))
      .reduce((sum, el) => sum + el.getBoundingClientRect().width, 0);
    return Math.min(max, Math.max(own, panes.getBoundingClientRect().width - others - MIN_EDITOR_WIDTH));
  };
  const current = () => width ?? sized()?.getBoundingClientRect().width ?? min;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: current(), max: maxNow() };
    document.body.classList.add('resizing-panes');
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    setWidth(pane, clamp(d.startWidth + event.clientX - d.startX, min, d.max));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    document.body.classList.remove('resizing-panes');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const to = { ArrowLeft: current() - step, ArrowRight: current() + step, Home: min, End: max }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    setWidth(pane, clamp(to, min, maxNow()));
  };

  return (
    <div
      ref={ref}
      className="pane-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={Math.round(width ?? PANE_DEFAULTS[pane])}
      tabIndex={0}
      data-testid={`resize-${pane}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={() => setWidth(pane, null)}
    />
  );
}
