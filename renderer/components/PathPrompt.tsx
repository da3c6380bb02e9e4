// The browser host's folder picker: it has no native dialog, so the main
// process asks for a path and this answers. Tests type into it like a user.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { client } from '../client/index';
import { usePathPrompt } from '../state/path-prompt';
import type { PathPromptRequest } from '../../shared/types';
import { Dialog } from './Dialog';

function Prompt({ request }: { request: PathPromptRequest }) {
  const remove = usePathPrompt((s) => s.remove);
  const [value, setValue] = useState(request.defaultPath ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The folder typed does not exist yet, and this prompt may create it: asked before it is. */
  const [missing, setMissing] = useState<string | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  // Create Folder takes the focus the OK button had: Enter answers the question.
  useEffect(() => {
    if (missing && !busy) createButton.current?.focus();
  }, [missing, busy]);

  const answer = async (path: string | null, create = false) => {
    setBusy(true);
    try {
      const result = await client.invoke('platform.answerPathPrompt', { requestId: request.requestId, path, ...(create ? { create } : {}) });
      if (result?.missing) {
        setMissing(result.missing);
        setBusy(false);
        return;
      }
      remove(request.requestId);
    } catch (err) {
      // Most often "There is no folder at …": the prompt stays open to correct it.
      setError((err as Error).message);
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) {
      setError('Type the path of a folder.');
      return;
    }
    void answer(value.trim());
  };

  return (
    <Dialog title={request.title} onClose={() => void answer(null)} closeOnBackdrop={false} className="path-prompt" testId="path-prompt">
      <form onSubmit={onSubmit} noValidate>
        <label className="field-label" htmlFor="path-prompt-input">Folder</label>
        <input
          id="path-prompt-input"
          data-testid="path-prompt-input"
          className="text-input mono"
          type="text"
          value={value}
          data-autofocus
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/Documents/notes"
          aria-invalid={error ? true : undefined}
          aria-describedby="path-prompt-help"
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
            setMissing(null);
          }}
        />
        <p id="path-prompt-help" className={error ? 'field-help error' : 'field-help'} role={error || missing ? 'alert' : undefined} data-testid="path-prompt-help">
          {error ?? (missing ? `There is no folder at ${missing} yet. Create it?` : 'The full path of a folder on this computer; ~ is your home folder.')}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => void answer(null)} disabled={busy}>Cancel</button>
          {missing ? (
            <button ref={createButton} type="button" className="button primary" disabled={busy} onClick={() => void answer(value.trim(), true)} data-testid="path-prompt-create">
              Create Folder
            </button>
          ) : (
            <button type="submit" className="button primary" disabled={busy} data-testid="path-prompt-ok">OK</button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

export function PathPrompt() {
  const request = usePathPrompt((s) => s.queue[0]);
  return request ? <Prompt key={request.requestId} request={request} /> : null;
}
