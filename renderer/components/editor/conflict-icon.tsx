// "Two versions of this note": the mark of a note with a revision kept as a
// conflict, in the note list and on the editor's conflict bar. Drawn like
// the shell's line icons (inline, so the CSP stays strict).
import type { SVGProps } from 'react';

export const ConflictIcon = (props: SVGProps<SVGSVGElement>) => (
  <svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.4"
    strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
    <path d="M5.75 4V2.75h7.5v9.5H12" />
    <rect x="2.75" y="4.25" width="7.5" height="9" rx="1" />
    <path d="M5 8h3M5 10.5h3" />
  </svg>
);
