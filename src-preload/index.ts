// The typed bridge: exactly one invoke function per contract channel and one subscribe function per
// contract event, nothing else. Never exposes ipcRenderer or the IPC event object to the page.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, type BridgeApi } from '../src-main/contract/index.ts';

export function buildBridge(): BridgeApi {
  const invoke = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
  ) as unknown as BridgeApi['invoke'];
  const subscribe = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (payload: unknown) => void) => {
        const forward = (_event: unknown, payload: unknown): void => listener(payload);
        ipcRenderer.on(name, forward);
        return () => {
          ipcRenderer.removeListener(name, forward);
        };
      },
    ]),
  ) as unknown as BridgeApi['subscribe'];
  return { invoke, subscribe };
}

contextBridge.exposeInMainWorld('api', buildBridge());
