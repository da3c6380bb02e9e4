// A modal built on <dialog>: the browser traps focus, dims the page and
// turns Escape into a cancel, in both hosts.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useOpenDialogs } from '../state/open-dialogs';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** Clicking the dimmed page closes it (not for dialogs that wait for an answer). */
  closeOnBackdrop?: boolean;
  testId?: string;
}

export function Dialog({ title, onClose, children, className, closeOnBackdrop = true, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    useOpenDialogs.getState().opened(dialog);
    // showModal() focuses the first control; a dialog may name a better one (its default button).
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      useOpenDialogs.getState().closed(dialog);
      dialog.close();
      previous?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // A dialog opened from inside this one (React passes its events up the
        // component tree) closes itself, not this one too.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        if (closeOnBackdrop && event.target === ref.current) onClose();
      }}
      onKeyDown={(event) => keepTabInside(event, ref.current!)}
    >
      <div className="dialog-body">
        <h2 id={titleId} className="dialog-title" title={title.length > 80 ? title : undefined}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}

/**
 * Tab and Shift+Tab go round the dialog's controls: past the last, Tab would
 * leave for the page (the browser's own chrome in the browser host) before
 * coming back. The stops are those Tab itself makes: shown, not taken out of
 * the order (a tab list's other tabs are tabindex=-1), a radio group once
 * (its checked radio, or its first when none is).
 */
function keepTabInside(event: KeyboardEvent<HTMLDialogElement>, dialog: HTMLDialogElement): void {
  if (event.key !== 'Tab' || event.defaultPrevented) return;
  const radioStop = (el: HTMLElement) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
    const group = [...dialog.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
    return el === (group.find((r) => r.checked) ?? group[0]);
  };
  const stops = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null && el.tabIndex >= 0 && radioStop(el));
  if (stops.length === 0) return;
  const first = stops[0]!;
  const last = stops.at(-1)!;
  if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  }
}
