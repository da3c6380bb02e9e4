// Icons only the sidebar uses: the Trash, the add buttons, and the four
// note statuses in Inkdrop's colors (blue active, amber on hold, green
// completed, red dropped; the colors live in sidebar.css, by data-status).
import type { SVGProps } from 'react';
import type { FilterStatus } from '../../state/notes';

type IconProps = SVGProps<SVGSVGElement>;

const base = {
  viewBox: '0 0 16 16', width: 16, height: 16, fill: 'none', stroke: 'currentColor', strokeWidth: 1.4,
  strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false,
} as const;

export const TrashIcon = (p: IconProps) => (
  <svg {...base} {...p}><path d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4 4.25l.75 9h6.5l.75-9M6.75 6.75v4.25M9.25 6.75v4.25" /></svg>
);

export const PlusIcon = (p: IconProps) => (
  <svg {...base} {...p}><path d="M8 3.25v9.5M3.25 8h9.5" /></svg>
);

export const DisclosureIcon = (p: IconProps) => (
  <svg {...base} viewBox="0 0 10 10" width="10" height="10" {...p}><path d="M3.5 2 6.5 5 3.5 8" strokeWidth="1.5" /></svg>
);

export const STATUS_LABELS: Record<FilterStatus, string> = {
  active: 'Active',
  onHold: 'On Hold',
  completed: 'Completed',
  dropped: 'Dropped',
};

export function StatusIcon({ status, ...p }: IconProps & { status: FilterStatus }) {
  return (
    <svg {...base} {...p} className="sb-status-icon" data-status={status}>
      {status === 'active' && (<><circle cx="8" cy="8" r="5.75" /><circle cx="8" cy="8" r="2.4" fill="currentColor" stroke="none" /></>)}
      {status === 'onHold' && (<><circle cx="8" cy="8" r="5.75" /><path d="M6.6 5.9v4.2M9.4 5.9v4.2" strokeWidth="1.6" /></>)}
      {status === 'completed' && (
        <><circle cx="8" cy="8" r="6.25" fill="currentColor" stroke="none" /><path className="sb-status-check" d="M5.4 8.2 7.2 10l3.4-3.8" strokeWidth="1.6" /></>
      )}
      {status === 'dropped' && (<><circle cx="8" cy="8" r="5.75" /><path d="M6 6l4 4M10 6l-4 4" /></>)}
    </svg>
  );
}
