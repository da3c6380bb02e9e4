// The main window's BrowserWindow options, as data: the security-relevant
// webPreferences are asserted by a Node test from this very object.
import type { BrowserWindowConstructorOptions } from 'electron';
import { EVENT_NAMES, REQUEST_NAMES } from '../../shared/contract/index';
import { contractArguments } from '../preload/contract-args';

export interface WindowOptionsInput {
  preloadPath: string;
}

export function mainWindowOptions({ preloadPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 420,
    title: 'Quire',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the editor must not replace the app with file://.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      additionalArguments: contractArguments(REQUEST_NAMES, EVENT_NAMES),
    },
  };
}
