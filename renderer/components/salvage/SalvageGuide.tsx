// Help › Salvage Data from Local Database…: the guide (resources/guide/
// salvage.md, the same text as docs/salvage.md), rendered by the note
// preview's sanitized Markdown renderer, with this computer's database
// folder and a button that opens it in the system's file manager.
import { useEffect, useRef, type MouseEvent } from 'react';
import guide from '../../../resources/guide/salvage.md';
import { client } from '../../client/index';
import { registerCommand } from '../../commands';
import { isExternalUrl } from '../../markdown/app-links';
import { renderMarkdown } from '../../markdown/markdown';
import { sanitizeToFragment } from '../../markdown/sanitize';
import { useAppInfo } from '../../state/app-info';
import { useDialogs } from '../../state/dialogs';
import { notifyError } from '../../state/notifications';
import { Dialog } from '../Dialog';
import { openFolder } from '../FolderPath';
import '../editor/preview.css';
import './salvage-guide.css';

export const SALVAGE_GUIDE_TITLE = 'Salvaging Data from Local Database';

registerCommand('help.salvage', () => useDialogs.getState().show('salvage'));

/** The guide without its first heading: the dialog's title says it. */
const guideBody = () => guide.replace(/^# .*\n+/, '');

function onLinkClick(event: MouseEvent<HTMLElement>) {
  const link = (event.target as Element).closest('a');
  if (!link) return;
  // The guide never navigates the app's page; web links open in the browser.
  event.preventDefault();
  if (isExternalUrl(link.getAttribute('href') ?? '')) {
    client.invoke('platform.openExternal', { url: link.href }).catch((error: unknown) => notifyError('Could not open the link', error));
  }
}

const showFolder = (path: string) => openFolder(path);

export function SalvageGuide({ onClose }: { onClose(): void }) {
  const info = useAppInfo((s) => s.info);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current!.replaceChildren(sanitizeToFragment(renderMarkdown(guideBody()), { attachmentUrl: () => '' }));
  }, []);
  return (
    <Dialog title={SALVAGE_GUIDE_TITLE} onClose={onClose} className="salvage-guide" testId="salvage-guide">
      <div className="salvage-db">
        <div className="salvage-db-text">
          <span className="salvage-db-label">This computer&rsquo;s database</span>
          <code className="path salvage-db-path" data-testid="salvage-db-path">{info?.databasePath ?? ''}</code>
        </div>
        <button
          type="button"
          className="button small"
          disabled={!info}
          onClick={() => info && void showFolder(info.databasePath)}
          data-testid="salvage-show-folder"
        >
          Show in Folder
        </button>
      </div>
      <article ref={ref} className="salvage-guide-text markdown-body" data-testid="salvage-guide-text" onClick={onLinkClick} />
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} data-autofocus>Done</button>
      </div>
    </Dialog>
  );
}
