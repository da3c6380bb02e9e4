// Preferences › Sync: the CouchDB server to sync through, and how that is
// going. Connect sends the fields (the password included) to the main
// process, which checks the server before saving anything; a refusal is
// shown beside the field it is about and changes nothing. The password
// never comes back: the field is empty whenever the pane opens.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { client } from '../../client/index';
import { useSync } from '../../state/sync';
import { notifyError } from '../../state/notifications';
import { useNow } from '../backup/BackupIndicator';
import { StatusPanel } from '../StatusPanel';
import { describeSync } from './sync-text';
import { SyncConflicts } from './SyncConflicts';
import './sync.css';

type Field = 'url' | 'user' | 'password' | 'database';

export function SyncPane() {
  const status = useSync((s) => s.status);
  const keychain = useKeychain();
  const saved = status && status.state !== 'off' ? status : null;
  const [url, setUrl] = useState(saved?.url ?? '');
  const [user, setUser] = useState(saved?.user ?? '');
  const [password, setPassword] = useState('');
  const [database, setDatabase] = useState(saved?.database ?? 'quire');
  const [problem, setProblem] = useState<{ field: Field | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { url: useId(), user: useId(), password: useId(), database: useId(), message: useId() };

  // The saved server may arrive after the pane opens: fill the fields once, while untouched.
  const [filled, setFilled] = useState(Boolean(saved));
  if (!filled && saved) {
    setFilled(true);
    setUrl(saved.url);
    setUser(saved.user);
    setDatabase(saved.database);
  }

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const result = await client.invoke('sync.connect', { url, user: user.trim(), password, database: database.trim() || 'quire' });
      if (result.ok) {
        useSync.getState().setStatus(result.status);
        setPassword('');
      } else {
        setProblem({ field: result.field, message: result.message });
      }
    } catch (error) {
      setProblem({ field: null, message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    setBusy(true);
    try {
      useSync.getState().setStatus(await client.invoke('sync.disconnect', {}));
      setPassword('');
      setProblem(null);
    } catch (error) {
      notifyError('Could not disconnect', error);
    } finally {
      setBusy(false);
    }
  };

  const connected = status !== null && status.state !== 'off';
  const invalid = (field: Field) => (problem?.field === field ? true : undefined);
  const onEdit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    setProblem(null);
  };

  return (
    <div className="sync-pane" data-testid="sync-pane">
      <form className="sync-form" onSubmit={(event) => void connect(event)} noValidate aria-describedby={ids.message}>
        <label htmlFor={ids.url}>Server</label>
        <input id={ids.url} className="text-input mono" data-testid="sync-url" data-autofocus type="url" value={url} spellCheck={false}
          autoComplete="url" placeholder="https://couch.example.com:6984" aria-invalid={invalid('url')} onChange={onEdit(setUrl)} />
        <label htmlFor={ids.user}>User name</label>
        <input id={ids.user} className="text-input" data-testid="sync-user" type="text" value={user} spellCheck={false}
          autoComplete="username" aria-invalid={invalid('user')} onChange={onEdit(setUser)} />
        <label htmlFor={ids.password}>Password</label>
        <input id={ids.password} className="text-input" data-testid="sync-password" type="password" value={password}
          autoComplete="current-password" placeholder={connected && status.state !== 'needs-password' ? 'Kept: type to change' : ''}
          aria-invalid={invalid('password')} onChange={onEdit(setPassword)} />
        <label htmlFor={ids.database}>Database</label>
        <input id={ids.database} className="text-input mono" data-testid="sync-database" type="text" value={database} spellCheck={false}
          autoComplete="off" aria-invalid={invalid('database')} onChange={onEdit(setDatabase)} />
        <div className="sync-actions">
          <button type="submit" className="button primary" disabled={busy || !url.trim()} data-testid="sync-connect">
            {busy ? 'Checking…' : connected ? 'Connect Again' : 'Connect'}
          </button>
          {connected && (
            <button type="button" className="button" disabled={busy} onClick={() => void disconnect()} data-testid="sync-disconnect">Disconnect</button>
          )}
        </div>
        <p id={ids.message} className={problem ? 'field-help error' : 'field-help'} role={problem ? 'alert' : undefined} data-testid="sync-message">
          {problem?.message ??
            'Any CouchDB 3 server (self-hosted, on a NAS, or a hosted one). Connect checks it first; Disconnect stops syncing and leaves both sides as they are.'}
        </p>
        {keychain === false && (
          <p className="field-help" data-testid="sync-keychain-note">
            This computer has no keychain Quire can use, so the password is not stored: it is kept only while Quire runs and asked
            for again at the next start.
          </p>
        )}
      </form>
      {status && <SyncStatusPanel />}
      {connected && <SyncConflicts />}
    </div>
  );
}

/** Whether the password can be kept with a keychain; null until the main process answers. */
function useKeychain(): boolean | null {
  const [keychain, setKeychain] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    client.invoke('sync.keychain', {}).then((value) => current && setKeychain(value), () => undefined);
    return () => {
      current = false;
    };
  }, []);
  return keychain;
}

function SyncStatusPanel() {
  const status = useSync((s) => s.status)!;
  const now = useNow(status.state === 'offline' || status.state === 'up-to-date');
  const text = describeSync(status, now);
  return (
    <StatusPanel name="sync" label="Sync progress" state={status.state} text={text}>
      {status.state !== 'off' && (
        <p className="backup-status-folder">
          <code className="path">{status.url}{status.database}</code>
          {status.user && <span>as {status.user}</span>}
        </p>
      )}
    </StatusPanel>
  );
}
