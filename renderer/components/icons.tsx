// The handful of line icons the shell uses, inline so no file or font has to load (and the CSP stays strict).
import type { SVGProps } from 'react';

export type IconProps = SVGProps<SVGSVGElement>;

/** A 16 px line icon; the others in the UI are drawn with it. */
export function Icon({ children, ...props }: IconProps) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.4"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
      {children}
    </svg>
  );
}

export const NotesIcon = (p: IconProps) => (
  <Icon {...p}><path d="M4 1.75h5.5L13 5.25v9H4z" /><path d="M9.25 1.75v3.75H13M6.25 8.5h4.5M6.25 11h4.5" /></Icon>
);
export const NotebookIcon = (p: IconProps) => (
  <Icon {...p}><path d="M3.5 2.25h8.75v11.5H3.5z" /><path d="M5.75 2.25v11.5M2.5 5h2M2.5 8h2M2.5 11h2" /></Icon>
);
export const TagIcon = (p: IconProps) => (
  <Icon {...p}><path d="M2.25 2.25h5.5l6 6-5.5 5.5-6-6z" /><circle cx="5.25" cy="5.25" r="1" /></Icon>
);
export const PinIcon = (p: IconProps) => (
  <Icon {...p}><path d="M6 2h4l-.75 4 2.25 2.25v1H4.5v-1L6.75 6z" /><path d="M8 9.25V14" /></Icon>
);
export const ChevronRightIcon = (p: IconProps) => (
  <Icon {...p}><path d="M6 3.5 10.5 8 6 12.5" /></Icon>
);
export const FolderIcon = (p: IconProps) => (
  <Icon {...p}><path d="M1.75 3.25h4.5l1.5 1.5h6.5v8H1.75z" /></Icon>
);
export const CloseIcon = (p: IconProps) => (
  <Icon {...p}><path d="M4 4l8 8M12 4l-8 8" /></Icon>
);
export const QuireMark = (p: IconProps) => (
  <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false" {...p}>
    <rect x="3" y="2" width="22" height="28" rx="4" fill="var(--accent)" />
    <rect x="7" y="4" width="22" height="26" rx="4" fill="var(--accent-soft-strong)" />
    <path d="M12 12h12M12 17h12M12 22h8" stroke="var(--accent)" strokeWidth="2" strokeLinecap="round" />
  </svg>
);
