// The typed bridge: exactly one invoke function per contract channel and one subscribe function per
// contract event, nothing else. Never exposes ipcRenderer or the IPC event object to the page.
// It imports the contract's NAMES only (no zod, no schema): the bundle stays small and the main process,
// not the preload, validates every input (docs/performance.md, "Preload bundle").
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi } from '../src-main/contract/index.ts';
import { CHANNEL_NAMES, EVENT_NAMES } from '../src-main/contract/names.ts';
import { RENDERER_REQUEST_META } from '../src-main/contract/version.ts';

export function buildBridge(): BridgeApi {
  const invoke = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input, RENDERER_REQUEST_META)]),
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
