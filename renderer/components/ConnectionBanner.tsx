// Says so when the browser host's connection is away, instead of a UI that silently stops answering.
import { useEffect, useState } from 'react';
import { useConnection } from '../state/connection';

const SHOW_AFTER_MS = 600;

export function ConnectionBanner() {
  const state = useConnection((s) => s.state);
  const [late, setLate] = useState(false);
  useEffect(() => {
    // A first connection normally takes milliseconds: no banner flashes for it.
    if (state === 'open') return;
    const timer = setTimeout(() => setLate(true), SHOW_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [state]);
  if (state === 'open' || (state === 'connecting' && !late)) return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" />
      {state === 'reconnecting' ? 'Reconnecting…' : 'Connecting to Quire…'}
    </div>
  );
}
