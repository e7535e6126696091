// Whether the page hears the console host (web host only; the desktop app's window lives with its host).
// While it does not, the page says so and its clocks stop; when it does again, views read what they missed.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { onConnection, type ConnectionState } from '../api/client.ts';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>('connected');
  const resumeListeners = new Set<() => void>();
  onConnection((next, resumed) => {
    state.value = next;
    if (resumed) for (const listener of resumeListeners) listener();
  });
  /** Runs `listener` each time the connection comes back. */
  function onResume(listener: () => void): () => void {
    resumeListeners.add(listener);
    return () => resumeListeners.delete(listener);
  }
  return { state, onResume };
});
