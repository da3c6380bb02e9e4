// The window: the in-window menu bar (browser host only; Electron's menu is
// native), the three panes, the status bar, and what floats above them.
import { useEffect, useMemo } from 'react';
import { buildMenuTemplate } from '../../shared/menu';
import { client } from '../client/index';
import { loadEverything } from '../data';
import { connectEvents } from '../events';
import { useMenuShortcuts } from '../menu/use-shortcuts';
import { useAppInfo } from '../state/app-info';
import { notifyError } from '../state/notifications';
import { AppDialogs } from './AppDialogs';
import { AskDialog } from './AskDialog';
import { ConnectionBanner } from './ConnectionBanner';
import { MenuBar } from './MenuBar';
import { NoteList } from './NoteList';
import { NoteView } from './NoteView';
import { Notifications } from './Notifications';
import { PathPrompt } from './PathPrompt';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

const inBrowser = client.host === 'web';

export function App() {
  const platform = useAppInfo((s) => s.info?.platform);

  useEffect(() => {
    const disconnect = connectEvents();
    loadEverything().catch((error: unknown) => notifyError('Quire could not load your notes', error));
    return disconnect;
  }, []);

  useEffect(() => {
    if (platform) document.documentElement.dataset.platform = platform;
  }, [platform]);

  const template = useMemo(() => (platform ? buildMenuTemplate(platform) : []), [platform]);
  useMenuShortcuts(template, platform ?? '', inBrowser && platform !== undefined);

  return (
    <div className="app" data-host={client.host}>
      {inBrowser && platform && <MenuBar template={template} platform={platform} />}
      <ConnectionBanner />
      <div className="panes">
        <Sidebar />
        <NoteList />
        <NoteView />
      </div>
      <StatusBar />
      <Notifications />
      <PathPrompt />
      <AppDialogs />
      <AskDialog />
    </div>
  );
}
