import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Connection, ConnectionDraft, ConnectionSummary } from '../../src-main/contract/connections.ts';
import { call, on } from '../api/client.ts';
import { useKeychainStore } from './keychain.ts';

export const useConnectionsStore = defineStore('connections', () => {
  const connections = ref<ConnectionSummary[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      connections.value = await call('connections:list', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function add(draft: ConnectionDraft): Promise<Connection> {
    const connection = await call('connections:add', draft);
    await load();
    return connection;
  }

  async function update(id: string, changes: Partial<ConnectionDraft>): Promise<void> {
    await call('connections:update', { id, changes });
    await load();
  }

  async function remove(id: string): Promise<void> {
    await call('connections:remove', { id });
    await load();
  }

  /** The secret goes to the main process and into the keychain; this store never keeps it. */
  async function setSecret(connectionId: string, secret: string): Promise<void> {
    try {
      await call('secrets:set', { connectionId, secret });
    } finally {
      void useKeychainStore().check();
    }
    await load();
  }

  async function deleteSecret(connectionId: string): Promise<void> {
    await call('secrets:delete', { connectionId });
    await load();
  }

  on('connections:changed', () => void load());

  return { connections, loading, error, load, add, update, remove, setSecret, deleteSecret };
});
