// Line icons of the note list, drawn like those in ../icons.tsx (inline: no files to load, the CSP stays strict).
import { Icon, type IconProps } from '../icons';

export const SearchIcon = (p: IconProps) => (
  <Icon {...p}><circle cx="7" cy="7" r="4.25" /><path d="m10.25 10.25 3.5 3.5" /></Icon>
);
export const ClearIcon = (p: IconProps) => (
  <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" {...p}>
    <circle cx="8" cy="8" r="6.5" fill="currentColor" />
    <path d="m5.75 5.75 4.5 4.5m0-4.5-4.5 4.5" stroke="var(--bg-input)" strokeWidth="1.4" strokeLinecap="round" />
  </svg>
);
export const SortIcon = (p: IconProps) => (
  <Icon {...p}><path d="M5 2.75v10.5M2.75 11 5 13.25 7.25 11M11 13.25V2.75M8.75 5 11 2.75 13.25 5" /></Icon>
);
export const CheckIcon = (p: IconProps) => (
  <Icon {...p}><path d="m3.5 8.25 3 3 6-6.5" /></Icon>
);
export const TasksIcon = (p: IconProps) => (
  <Icon {...p}><rect x="2.25" y="2.25" width="11.5" height="11.5" rx="2.5" /><path d="m5.25 8.25 2 2 3.75-4" /></Icon>
);
export const TrashIcon = (p: IconProps) => (
  <Icon {...p}><path d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4 4.25l.75 9h6.5l.75-9M6.75 6.75v4M9.25 6.75v4" /></Icon>
);
