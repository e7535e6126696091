// The OS keychain through keytar: the only module that imports keytar, and the only place a secret is
// stored. keytar is loaded lazily, so a missing or broken native module (or no Secret Service) becomes
// KEYCHAIN_UNAVAILABLE with a remedy instead of a crash; there is no plaintext fallback (docs/decisions.md "Secrets: the keychain or nothing").
import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import { log } from '../../application/log.ts';
import type { KeychainStatus } from '../../contract/secrets.ts';

export type { KeychainStatus };

export const KEYCHAIN_SERVICE = 'failover-console';

/** The subset of keytar this console uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}


export interface Keychain {
  status(): Promise<KeychainStatus>;
  /** Main process only: for the fabric adapter that uses the secret and the certificate store. Never for a reply. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when a secret was there and is gone. */
  delete(account: string): Promise<boolean>;
  has(account: string): Promise<boolean>;
}

export function keychainBackend(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (e.g. gnome-keyring)';
}

/** The one-line remedy shown in Settings and by the CLI, per platform. */
export function keychainRemedy(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Unlock the login keychain in Keychain Access (or run `security unlock-keychain`), then retry.';
  if (platform === 'win32') return 'Sign in to Windows with your own account so that Credential Manager is available, then retry.';
  return 'Start a Secret Service (gnome-keyring) and unlock it, e.g. log in to a desktop session or run `gnome-keyring-daemon --unlock`, then retry.';
}

export interface KeychainOptions {
  service?: string;
  /** Loads keytar; replaced only to exercise a module that fails to load. */
  load?: () => Promise<KeytarApi>;
  /** A Secret Service that never answers must not hang a failover: give up after this long. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

async function loadKeytar(): Promise<KeytarApi> {
  const module = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return module.default ?? module;
}

/** keytar's messages come from libsecret/D-Bus and never carry the value; if one ever did, drop it whole. */
function describe(error: unknown, secret?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  if (secret && secret.length > 0 && text.includes(secret)) return 'the keychain refused the value';
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

const PROBE_ACCOUNT = '__failover-console-probe__';
/** How long a successful probe vouches that a "no such secret" answer is not a locked keyring. */
const PROOF_VALID_MS = 2_000;

export function createKeychain(options: KeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const load = options.load ?? loadKeytar;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const platform = options.platform ?? process.platform;
  const backend = keychainBackend(platform);
  let loaded: Promise<KeytarApi> | undefined;
  let probes = 0;
  let provenAt = 0;

  const unavailable = (reason: string): AppError =>
    new AppError('KEYCHAIN_UNAVAILABLE', `The OS keychain (${backend}) is not available: ${reason}. ${keychainRemedy(platform)}`, {
      reason,
      remedy: keychainRemedy(platform),
    });

  async function keytar(): Promise<KeytarApi> {
    loaded ??= load();
    try {
      return await loaded;
    } catch (error) {
      loaded = undefined; // a later attempt may succeed once the module is rebuilt or installed
      log.warn('keytar could not be loaded', { reason: describe(error) });
      throw unavailable(`the keytar module could not be loaded (${describe(error)})`);
    }
  }

  async function run<T>(what: string, work: (api: KeytarApi) => Promise<T>, secret?: string): Promise<T> {
    const api = await keytar();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`it did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([work(api), timeout]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = describe(error, secret);
      log.warn('keychain call failed', { what, reason });
      throw unavailable(reason);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A locked keyring answers "no such secret" to a read (its prompt cannot open without a display), so a
   * read proves nothing: write, read back and delete a probe value. It needs an unlocked keychain.
   */
  async function probe(): Promise<void> {
    // An account of its own per probe: concurrent probes (banner, list) must not read each other's value.
    const account = `${PROBE_ACCOUNT}-${process.pid}-${(probes += 1)}`;
    const value = randomUUID();
    await run('probe', (api) => api.setPassword(service, account, value));
    const read = await run('probe', (api) => api.getPassword(service, account));
    await run('probe', (api) => api.deletePassword(service, account));
    if (read !== value) throw unavailable('the keyring is locked');
    provenAt = Date.now();
  }

  /** A null read is only believed once the keychain proved it is unlocked. */
  async function get(account: string): Promise<string | null> {
    const value = await run('get', (api) => api.getPassword(service, account));
    // A list of N connections would otherwise pay N probes: one proof stands for a short while.
    if (value === null && Date.now() - provenAt > PROOF_VALID_MS) await probe();
    return value;
  }

  return {
    async status() {
      try {
        await probe();
        return { available: true, backend };
      } catch (error) {
        const reason = error instanceof AppError ? (error.details as { reason: string }).reason : describe(error);
        return { available: false, backend, reason, remedy: keychainRemedy(platform) };
      }
    },
    get,
    set: (account, secret) => run('set', (api) => api.setPassword(service, account, secret), secret),
    async delete(account) {
      const deleted = await run('delete', (api) => api.deletePassword(service, account));
      if (!deleted && Date.now() - provenAt > PROOF_VALID_MS) await probe(); // as for reads: "nothing to delete" from a locked keyring proves nothing
      return deleted;
    },
    has: async (account) => (await get(account)) !== null,
  };
}
