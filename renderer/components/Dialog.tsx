// A modal built on <dialog>: the browser traps focus, dims the page and
// turns Escape into a cancel, in both hosts.
import { useEffect, useId, useRef, type ReactNode } from 'react';

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
    // showModal() focuses the first control; a dialog may name a better one (its default button).
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
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
    >
      <div className="dialog-body">
        <h2 id={titleId} className="dialog-title">{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
