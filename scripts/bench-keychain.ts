// Keychain and certificate figures (docs/decisions.md, "Secrets: the keychain or nothing"): latency of each keytar
// call against the Secret Service this process sees, of a status probe, of a PFX import and of R4's facts (which open the stored PFX).
// Run inside the private keyring session, e.g.:
//   KR=$(mktemp -d); mkdir -m 700 $KR/run; XDG_DATA_HOME=$KR/data XDG_RUNTIME_DIR=$KR/run dbus-run-session -- \
//     bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; node scripts/bench-keychain.ts'
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAppContext } from '../src-main/composition/app-context.ts';
import { dispatch } from '../src-main/transports/api/dispatch.ts';
import { createKeychain } from '../src-main/adapters/keychain/keychain.ts';
import { generateCertificateFixtures } from '../src-main/test-support/certificate-fixtures.ts';

const ROUNDS = 50;

async function measure(label: string, rounds: number, work: (round: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = performance.now();
    await work(round);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
  process.stdout.write(`${label.padEnd(44)} median ${median.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   (${rounds} runs)\n`);
}

const keychain = createKeychain({ service: 'failover-console-bench' });
await measure('keychain set', ROUNDS, (round) => keychain.set(`bench-${round}`, `secret-${round}`));
await measure('keychain get (present)', ROUNDS, (round) => keychain.get(`bench-${round}`));
await measure('keychain get (absent; proof of unlock <= 2 s old)', ROUNDS, (round) => keychain.get(`absent-${round}`));
await measure('keychain status (write/read/delete probe)', ROUNDS, () => keychain.status());
await measure('keychain delete', ROUNDS, (round) => keychain.delete(`bench-${round}`));

const now = new Date();
const fixtures = await generateCertificateFixtures(now);
const dataDir = mkdtempSync(join(tmpdir(), 'fc-bench-'));
const app = createAppContext({ dataDir, keychain: createKeychain({ service: 'failover-console-bench' }) });
const pfx = fixtures.valid.pfx('bench-password');
await measure('certificates:import (2048-bit PFX, 3DES)', 10, async () => {
  const imported = await dispatch(app, 'certificates:import', { source: { kind: 'upload', fileName: 'b.pfx', contentBase64: pfx.toString('base64') }, password: 'bench-password' });
  if (!imported.ok) throw new Error(imported.error.message);
  await dispatch(app, 'certificates:remove', { id: (imported.result as { id: string }).id });
});
const imported = await dispatch(app, 'certificates:import', { source: { kind: 'upload', fileName: 'b.pfx', contentBase64: pfx.toString('base64') }, password: 'bench-password' });
const id = imported.ok ? (imported.result as { id: string }).id : '';
await dispatch(app, 'certificates:bind', { certificateId: id, scopeId: 'vault-weu-encrypted' }).then(() => undefined);
app.db.prepare("INSERT OR REPLACE INTO certificate_bindings (scope_id, certificate_id, bound_at) VALUES ('bench-scope', ?, ?)").run(id, now.toISOString());
await measure("R4 facts (factsFor: keychain + open the PFX)", 20, () => app.certificates.factsFor('bench-scope'));
app.close();
rmSync(dataDir, { recursive: true, force: true });
