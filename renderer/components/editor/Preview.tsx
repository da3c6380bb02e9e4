// The rendered note: sanitized HTML (see renderer/markdown), re-rendered
// shortly after the text changes. Links never navigate the app's page:
// web and mail links open in the system's apps, links to notes open the
// note here, and ticking a task box edits the task in the note's text.
import { useEffect, useRef, type MouseEvent } from 'react';
import { setTaskChecked } from '../../../shared/tasks';
import { client } from '../../client/index';
import { isExternalUrl } from '../../markdown/app-links';
import { renderMarkdown } from '../../markdown/markdown';
import { sanitizeToFragment } from '../../markdown/sanitize';
import { notifyError } from '../../state/notifications';
import { editorSession } from './editor-session';
import { openLinkedNote } from './open-linked-note';

/** After typing stops for this long the preview follows; longer for long notes, whose rendering costs more. */
const renderDelay = () => 120 + Math.min(600, editorSession.bodyLength() / 400);

function render(container: HTMLElement) {
  const html = renderMarkdown(editorSession.body());
  container.replaceChildren(sanitizeToFragment(html, { attachmentUrl: (id) => client.attachmentUrl(id) }));
}

function onLinkClick(event: MouseEvent<HTMLElement>) {
  const link = (event.target as Element).closest('a');
  if (!link || !event.currentTarget.contains(link)) return;
  event.preventDefault();
  const noteId = link.dataset.noteId;
  const href = link.getAttribute('href') ?? '';
  if (noteId) {
    openLinkedNote(noteId);
  } else if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    event.currentTarget.querySelector(`[id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' });
  } else if (isExternalUrl(href)) {
    client.invoke('platform.openExternal', { url: link.href }).catch((error: unknown) => notifyError('Could not open the link', error));
  }
}

function onTaskChange(event: Event) {
  const box = event.target as HTMLElement;
  if (!(box instanceof HTMLInputElement) || !box.dataset.taskIndex) return;
  const id = editorSession.currentId;
  if (!id) return;
  const body = setTaskChecked(editorSession.body(), Number(box.dataset.taskIndex), box.checked);
  editorSession.replaceBody(id, body, true);
}

export function Preview() {
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    const container = ref.current!;
    render(container);
    // A native listener: React's onChange does not see inputs it did not create.
    container.addEventListener('change', onTaskChange);
    let shownId = editorSession.currentId;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = editorSession.onBodyChange((id) => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (id !== shownId) {
        // Another note: show it at once, from its top.
        shownId = id;
        render(container);
        container.scrollTop = 0;
      } else {
        timer = setTimeout(() => render(container), renderDelay());
      }
    });
    return () => {
      container.removeEventListener('change', onTaskChange);
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

  return (
    <article
      ref={ref}
      className="preview markdown-body"
      data-testid="preview"
      aria-label="Preview"
      tabIndex={0}
      onClick={onLinkClick}
    />
  );
}
