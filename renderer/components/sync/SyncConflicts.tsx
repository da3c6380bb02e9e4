// Notebooks, tags and images changed on two computers before they synced:
// each version in words, and a Keep button per version. Notes show their
// versions in the conflict bar above their text instead. Listed again
// whenever sync catches up, so a conflict that arrives shows without a reload.
import { useEffect, useState } from 'react';
import type { DocConflict } from '../../../shared/contract/sync-requests';
import { client } from '../../client/index';
import { useSync } from '../../state/sync';
import { notifyError } from '../../state/notifications';

const KIND_LABEL: Record<DocConflict['kind'], string> = { notebook: 'Notebook', tag: 'Tag', file: 'Image' };

export function SyncConflicts() {
  const caughtUp = useSync((s) => (s.status?.state === 'up-to-date' ? s.status.lastSyncAt : null));
  const [conflicts, setConflicts] = useState<DocConflict[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  /** Bumped after a choice, to list again. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    client.invoke('sync.conflicts', {}).then(
      (found) => current && setConflicts(found),
      (error: unknown) => notifyError('Could not list the conflicts', error),
    );
    return () => {
      current = false;
    };
  }, [caughtUp, generation]);

  const keep = async (id: string, rev: string) => {
    setBusy(id);
    try {
      await client.invoke('sync.resolveConflict', { id, keepRev: rev });
      setGeneration((g) => g + 1);
    } catch (error) {
      notifyError('Could not keep that version', error);
    } finally {
      setBusy(null);
    }
  };

  if (conflicts.length === 0) return null;
  return (
    <section className="sync-conflicts" data-testid="sync-conflicts" aria-labelledby="sync-conflicts-title">
      <h3 id="sync-conflicts-title">Changed on two computers</h3>
      <p className="field-help">
        These were changed on two computers before they synced. Quire shows one version and keeps the other; choose the one to keep,
        and the choice syncs.
      </p>
      <ul>
        {conflicts.map((conflict) => (
          <li key={conflict.id} className="sync-conflict" data-testid="sync-conflict">
            <span className="sync-conflict-kind">{KIND_LABEL[conflict.kind]}</span>
            <ul className="sync-conflict-versions">
              {conflict.versions.map((version, i) => (
                <li key={version.rev}>
                  <span className="sync-conflict-label">{version.label}</span>
                  <span className="sync-conflict-detail">{version.detail}{i === 0 ? ' · shown now' : ''}</span>
                  <button type="button" className="button small" disabled={busy === conflict.id}
                    onClick={() => void keep(conflict.id, version.rev)} data-testid="sync-conflict-keep">
                    Keep This
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
