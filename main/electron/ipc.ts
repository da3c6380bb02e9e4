// Electron's side of the contract: one ipcMain handler per request, on the
// channel derived from its name, and an EventSink that sends events to every
// window. Argument validation and error envelopes happen in dispatch().
import { BrowserWindow, ipcMain } from 'electron';
import { REQUEST_NAMES, eventChannel, requestChannel } from '../../shared/contract/index';
import type { EventSink, Handlers } from '../ipc/dispatch';
import { guardedDispatch } from './ipc-guard';

/** Registers every request's handler; returns a function that removes them again. */
export function registerIpcHandlers(handlers: Handlers): () => void {
  for (const name of REQUEST_NAMES) {
    // senderFrame is null once the frame has navigated away or been destroyed: refused as untrusted.
    ipcMain.handle(requestChannel(name), (event, args: unknown) =>
      guardedDispatch(handlers, name, event.senderFrame?.url, args),
    );
  }
  return () => {
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name));
  };
}

export function createWindowEventSink(): EventSink {
  return {
    emit(name, payload) {
      for (const window of BrowserWindow.getAllWindows()) {
        if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
          window.webContents.send(eventChannel(name), payload);
        }
      }
    },
  };
}
