// Test helper: a real AppContext whose keychain uses a service name of its own (so tests never touch the
// operator's `failover-console` entries even outside the private keyring), optionally with the lab's
// provider certificate set (lab-provider-certificates.json) before the estate loads.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContextOptions } from '../composition/app-context.ts';
import { LAB_PROVIDER_CERTIFICATES_FILE } from '../adapters/certificates/lab-provider-certificates.ts';
import { createKeychain, type Keychain } from '../adapters/keychain/keychain.ts';
import { createTempApp, type TempApp } from './temp-app.ts';

export function testKeychain(): Keychain {
  return createKeychain({ service: `failover-console-test-${randomBytes(4).toString('hex')}`, timeoutMs: 8_000 });
}

export function createKeychainApp(options: Partial<AppContextOptions> & { providerThumbprints?: Record<string, string> } = {}): TempApp {
  const { providerThumbprints, ...rest } = options;
  const dataDir = rest.dataDir ?? mkdtempSync(join(tmpdir(), 'fc-test-'));
  if (providerThumbprints) writeFileSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE), JSON.stringify(providerThumbprints));
  return createTempApp({ keychain: testKeychain(), ...rest, dataDir });
}

/** Calls a channel through dispatch and returns the envelope. */
export { dispatch } from '../transports/api/dispatch.ts';
