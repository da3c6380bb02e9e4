// The Electron preload: runs sandboxed, with context isolation, before the
// renderer. It exposes exactly one object, `window.quireBridge`, whose
// methods reach the main process only on channels derived from the contract.
// The renderer never sees ipcRenderer or an IPC event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, requestChannel } from '../../shared/contract/channels';
import { appAttachmentUrl, type QuireBridge } from '../../shared/contract/bridge';
import type { Envelope } from '../../shared/contract/client';
import type { EventName, RequestName } from '../../shared/contract/index';
import { readContractArguments } from './contract-args';

const names = readContractArguments(process.argv);

const bridge: QuireBridge = {
  host: 'electron',
  invoke(name: RequestName, args: unknown): Promise<Envelope> {
    if (!names.requests.has(name)) {
      return Promise.reject(new Error(`Unknown request ${JSON.stringify(String(name)).slice(0, 80)}`));
    }
    return ipcRenderer.invoke(requestChannel(name), args) as Promise<Envelope>;
  },
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
    if (!names.events.has(name)) throw new Error(`Unknown event ${JSON.stringify(String(name)).slice(0, 80)}`);
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
  attachmentUrl: (fileId: string) => appAttachmentUrl(fileId),
};

contextBridge.exposeInMainWorld('quireBridge', bridge);
