import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { KeychainStatus } from '../../src-main/contract/secrets.ts';
import { call } from '../api/client.ts';

export const useKeychainStore = defineStore('keychain', () => {
  const status = ref<KeychainStatus | null>(null);
  const checking = ref(false);
  const error = ref<string | null>(null);

  async function check(): Promise<void> {
    checking.value = true;
    try {
      status.value = await call('keychain:status', {});
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      checking.value = false;
    }
  }

  return { status, checking, error, check };
});
