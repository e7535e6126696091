import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CertificateSummary, EncryptionScope } from '../../src-main/contract/certificates.ts';
import { ApiError, call, on } from '../api/client.ts';

/**
 * The web host takes request bodies up to 1 MiB and the file travels as base64 inside JSON, so a browser
 * upload is limited to about 760 KiB; the desktop app reads the file in the main process (1 MiB).
 */
export const WEB_UPLOAD_LIMIT_BYTES = 760 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

export const useCertificatesStore = defineStore('certificates', () => {
  const certificates = ref<CertificateSummary[]>([]);
  const scopes = ref<EncryptionScope[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The desktop app has the native open dialog; the web host uploads the file through the contract. */
  const nativeDialog = computed(() => typeof window !== 'undefined' && window.api !== undefined);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      [certificates.value, scopes.value] = await Promise.all([call('certificates:list', {}), call('certificates:scopes', {})]);
      error.value = null;
    } catch (failure) {
      error.value = (failure as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function importUpload(file: File, password: string): Promise<CertificateSummary> {
    if (file.size > WEB_UPLOAD_LIMIT_BYTES) {
      throw new ApiError('PAYLOAD_TOO_LARGE', `${file.name} is ${Math.round(file.size / 1024)} KiB; the browser console uploads certificate files up to 760 KiB (the desktop app takes 1 MiB).`);
    }
    const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    const certificate = await call('certificates:import', {
      source: { kind: 'upload', fileName: file.name, contentBase64 },
      ...(password.length > 0 ? { password } : {}),
    });
    await load();
    return certificate;
  }

  /** Desktop: opens the native dialog; null when the operator cancelled. */
  async function pickFile(): Promise<{ token: string; name: string; sizeBytes: number } | null> {
    return (await call('certificates:pick-file', {})).file;
  }

  async function importPicked(token: string, password: string): Promise<CertificateSummary> {
    const certificate = await call('certificates:import', { source: { kind: 'picked', token }, ...(password.length > 0 ? { password } : {}) });
    await load();
    return certificate;
  }

  async function bind(certificateId: string, scopeId: string): Promise<void> {
    await call('certificates:bind', { certificateId, scopeId });
    await load();
  }

  async function unbind(scopeId: string): Promise<void> {
    await call('certificates:unbind', { scopeId });
    await load();
  }

  async function remove(id: string): Promise<void> {
    await call('certificates:remove', { id });
    await load();
  }

  on('certificates:changed', () => void load());

  return { certificates, scopes, loading, error, nativeDialog, load, importUpload, pickFile, importPicked, bind, unbind, remove };
});
