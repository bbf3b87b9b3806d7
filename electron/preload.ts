// The only door between the page and the app: one global, one channel family.
// It passes envelopes through and adds nothing: validation is the core's job.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventMessage, RawBridge } from '../shared/api';
import { IPC } from '../shared/ipc';

const bridge: RawBridge = {
  invoke: (name, params) => ipcRenderer.invoke(IPC.call, name, params),
  subscribe(listener) {
    const handler = (_e: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC.event, handler);
    return () => {
      ipcRenderer.removeListener(IPC.event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('govdesk', bridge);
