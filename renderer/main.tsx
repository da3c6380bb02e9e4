// The renderer's entry: the app, or, when the page cannot reach its host at
// all (opened without the browser host's token), a page that says what to do.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './markdown/markdown.css';
import { startupError } from './client/index';
import { App } from './components/App';
import { offerKeptText } from './components/editor/kept-text-offer';
import { loadEverything } from './data';
import { connectEvents } from './events';
import { notifyError } from './state/notifications';

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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {startupError ? <StartupError message={startupError.message} /> : <App />}
  </StrictMode>,
);
