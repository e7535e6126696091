/// <reference types="vite/client" />
import type { BridgeApi } from '../src-main/contract/index.ts';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present in the desktop app (preload); absent in the web host, where the web bridge stands in. */
    api?: BridgeApi;
  }
}
