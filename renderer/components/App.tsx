// The window: the in-window menu bar (browser host only; Electron's menu is
// native), the three panes, the status bar, and what floats above them.
import { useEffect, useMemo, type CSSProperties } from 'react';
import { buildMenuTemplate } from '../../shared/menu';
import { client } from '../client/index';
import { useMenuShortcuts } from '../menu/use-shortcuts';
import { useAppInfo } from '../state/app-info';
import { useLayout } from '../state/layout';
import { AppDialogs } from './AppDialogs';
import { AskDialog } from './AskDialog';
import { BackupBanner } from './backup/BackupBanner';
import { RestoreDialogs } from './backup/RestoreDialogs';
import { ConnectionBanner } from './ConnectionBanner';
import { FolderPathDialog } from './FolderPath';
import { MenuBar } from './MenuBar';
import { NoteList } from './NoteList';
import { NoteView } from './NoteView';
import { Notifications } from './Notifications';
import { PaneResizer } from './PaneResizer';
import { PathPrompt } from './PathPrompt';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

const inBrowser = client.host === 'web';

export function App() {
  const platform = useAppInfo((s) => s.info?.platform);

  useEffect(() => {
    if (platform) document.documentElement.dataset.platform = platform;
  }, [platform]);

  // Widths set with the pane handles; unset, the stylesheet's defaults apply.
  const widths = useLayout((s) => s.widths);
  const paneWidths = useMemo(() => ({
    ...(widths.sidebar !== null ? { '--sidebar-width': `${widths.sidebar}px` } : {}),
    ...(widths.list !== null ? { '--list-width': `${widths.list}px` } : {}),
  }) as CSSProperties, [widths]);

  const template = useMemo(() => (platform ? buildMenuTemplate(platform) : []), [platform]);
  useMenuShortcuts(template, platform ?? '', inBrowser && platform !== undefined);

  return (
    <div className="app" data-host={client.host}>
      {inBrowser && platform && <MenuBar template={template} platform={platform} />}
      <ConnectionBanner />
      <BackupBanner />
      <div className="panes" style={paneWidths}>
        <Sidebar />
        <PaneResizer pane="sidebar" label="Resize the sidebar" />
        <NoteList />
        <PaneResizer pane="list" label="Resize the note list" />
        <NoteView />
      </div>
      <StatusBar />
      <Notifications />
      <PathPrompt />
      <AppDialogs />
      <RestoreDialogs />
      <AskDialog />
      <FolderPathDialog />
    </div>
  );
}
