// Preferences (General, Backup and Sync pages) and About: what there is to know
// about this installation; and the other app dialogs (Salvage, Note › History…).
import type { KeyboardEvent, ReactNode } from 'react';
import { useAppInfo } from '../state/app-info';
import { useDialogs, type PreferencesPage } from '../state/dialogs';
import { Dialog } from './Dialog';
import { openFolder } from './FolderPath';
import { QuireMark } from './icons';
import { BackupPane } from './backup/BackupPane';
import { SyncPane } from './sync/SyncPane';
import { SalvageGuide } from './salvage/SalvageGuide';
import { HistoryDialog } from './history/HistoryDialog';
import './history/open-history';
import './preferences.css';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="pref-row">
      <dt className="pref-label">{label}</dt>
      <dd className="pref-value">{children}</dd>
    </div>
  );
}


const PAGES: { id: PreferencesPage; label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'backup', label: 'Backup' },
  { id: 'sync', label: 'Sync' },
];

function GeneralPage() {
  const info = useAppInfo((s) => s.info)!;
  return (
    <dl className="pref-list">
      <Row label="Version">{info.name} {info.version}</Row>
      <Row label="Running as">{info.host === 'web' ? 'Browser host on this computer (127.0.0.1)' : 'Desktop app'}</Row>
      <Row label="Appearance">Light or dark, following your system setting</Row>
      <Row label="Data folder">
        <code className="path" data-testid="pref-data-folder">{info.userDataDir}</code>
        <button type="button" className="button small" onClick={() => void openFolder(info.userDataDir)}>Open Folder</button>
      </Row>
      <Row label="Database"><code className="path">{info.databasePath}</code></Row>
    </dl>
  );
}

function Preferences({ onClose }: { onClose(): void }) {
  const info = useAppInfo((s) => s.info);
  const page = useDialogs((s) => s.preferencesPage);
  const setPage = useDialogs((s) => s.setPreferencesPage);
  if (!info) return null;
  // Arrow keys move between the tabs, as in a native tab bar.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = PAGES[(PAGES.findIndex((p) => p.id === page) + step + PAGES.length) % PAGES.length]!;
    setPage(next.id);
    document.getElementById(`pref-tab-${next.id}`)?.focus();
  };
  return (
    <Dialog title={info.platform === 'darwin' ? 'Settings' : 'Preferences'} onClose={onClose} className="preferences" testId="preferences">
      <div className="pref-tabs" role="tablist" aria-label="Pages">
        {PAGES.map((p) => (
          <button
            key={p.id}
            id={`pref-tab-${p.id}`}
            type="button"
            role="tab"
            className="pref-tab"
            aria-selected={page === p.id}
            aria-controls={`pref-panel-${p.id}`}
            tabIndex={page === p.id ? 0 : -1}
            onClick={() => setPage(p.id)}
            onKeyDown={onTabKey}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="pref-panel" role="tabpanel" id={`pref-panel-${page}`} aria-labelledby={`pref-tab-${page}`}>
        {page === 'backup' ? <BackupPane /> : page === 'sync' ? <SyncPane /> : <GeneralPage />}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} data-autofocus>Done</button>
      </div>
    </Dialog>
  );
}

function About({ onClose }: { onClose(): void }) {
  const info = useAppInfo((s) => s.info);
  return (
    <Dialog title="About Quire" onClose={onClose} className="about" testId="about">
      <div className="about-content">
        <QuireMark width="56" height="56" />
        <p className="about-name">Quire</p>
        <p className="about-version">Version {info?.version ?? ''}</p>
        <p className="about-text">A Markdown notes app whose notes are continuously backed up to a folder you choose.</p>
        <p className="about-license">Free software under the MIT License.</p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} data-autofocus>OK</button>
      </div>
    </Dialog>
  );
}

export function AppDialogs() {
  const open = useDialogs((s) => s.open);
  const close = useDialogs((s) => s.close);
  const historyNoteId = useDialogs((s) => s.historyNoteId);
  if (open === 'preferences') return <Preferences key="preferences" onClose={close} />;
  if (open === 'about') return <About key="about" onClose={close} />;
  if (open === 'salvage') return <SalvageGuide key="salvage" onClose={close} />;
  if (open === 'history' && historyNoteId) return <HistoryDialog key={`history:${historyNoteId}`} noteId={historyNoteId} onClose={close} />;
  return null;
}
