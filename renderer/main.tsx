// The renderer's entry: the app, or, when the page cannot reach its host at
// all (opened without the browser host's token), a page that says what to do.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './markdown/markdown.css';
import { connection, startupError } from './client/index';
import { App } from './components/App';
import { offerKeptText } from './components/editor/kept-text-offer';
import { loadEverything } from './data';
import { connectEvents } from './events';
import { notifyError } from './state/notifications';

/** The longest React's first render waits for the browser host's socket. */
const FIRST_RENDER_WAITS_MS = 500;

function StartupError({ message }: { message: string }) {
  return (
    <main className="startup-error">
      <h1>Quire cannot start here</h1>
      <p>{message}</p>
    </main>
  );
}

// The window's data is asked for before React's first render: the host
// works on the first rows while the page builds its panes (at 200,000 notes,
// on two cores, the first render and paint held the request back 0.3 s).
// Events are heard from the start, for the window's lifetime.
if (!startupError) {
  connectEvents();
  loadEverything().then(offerKeptText).catch((error: unknown) => notifyError('Quire could not load your notes', error));
}

/**
 * Resolves once the browser host's socket is open (at once in Electron, whose
 * IPC needs no connecting), or after `ms` whatever its state: a host that
 * cannot be reached is then said so by the app's connection banner.
 */
function whenConnected(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (connection.state === 'open') return resolve();
    const stop = connection.onStateChange((state) => {
      if (state === 'open') done();
    });
    const timer = setTimeout(() => done(), ms);
    function done() {
      stop();
      clearTimeout(timer);
      resolve();
    }
  });
}

// The requests above wait in the socket's queue until it opens. React's first
// render is one long task (at 200,000 notes on two cores, 0.1-0.5 s); begun
// before the socket's 'open' event, it held the requests back that long. So it
// waits for the socket (a few milliseconds), and the host works on the first
// rows while React renders.
void whenConnected(FIRST_RENDER_WAITS_MS).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {startupError ? <StartupError message={startupError.message} /> : <App />}
    </StrictMode>,
  ),
);
