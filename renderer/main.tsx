// The renderer's entry: the app, or, when the page cannot reach its host at
// all (opened without the browser host's token), a page that says what to do.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './markdown/markdown.css';
import { startupError } from './client/index';
import { App } from './components/App';

function StartupError({ message }: { message: string }) {
  return (
    <main className="startup-error">
      <h1>Quire cannot start here</h1>
      <p>{message}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {startupError ? <StartupError message={startupError.message} /> : <App />}
  </StrictMode>,
);
