// The leak test (secrets live only in the OS keychain; docs/decisions.md, "Secrets: the keychain or nothing"): a random secret and a random PFX password go in through every way in, every
// channel is driven, and then the secret must occur nowhere: not in the database, its WAL, the log, any
// reply or event, any CLI output, nor any file under the data directory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../transports/api/dispatch.ts';
import { runCli } from '../../transports/cli/run.ts';
import { CHANNEL_NAMES, type Channel } from '../../contract/index.ts';
import { fixedClock } from '../../domain/time/clock.ts';
import { generateCertificateFixtures } from '../../test-support/certificate-fixtures.ts';
import { createKeychainApp } from '../../test-support/keychain-app.ts';
import type { TempApp } from '../../test-support/temp-app.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const SECRET = `leak-${randomBytes(16).toString('hex')}`;
const PFX_PASSWORD = `pfx-${randomBytes(16).toString('hex')}`;

/** The secret in every encoding a careless serialiser might produce. */
function forms(value: string): Buffer[] {
  return [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(Buffer.from(value).toString('base64')), Buffer.from(Buffer.from(value).toString('hex'))];
}

function leaks(haystack: Buffer | string): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  return [SECRET, PFX_PASSWORD].filter((value) => forms(value).some((form) => bytes.includes(form)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

// Needs the private Secret Service that npm test starts (the secret must really reach the keychain).
describe.skipIf(!process.env.FC_KEYCHAIN_TESTS)('no secret leaks', () => {
  let temp: TempApp;
  let workDir: string;
  const seen: { where: string; text: string }[] = [];
  const originalWrite = process.stderr.write.bind(process.stderr);
  const quiet = process.env.FAILOVER_CONSOLE_QUIET;

  beforeAll(async () => {
    const fixtures = await generateCertificateFixtures(NOW);
    workDir = mkdtempSync(join(tmpdir(), 'fc-leak-'));
    const pfxFile = join(workDir, 'vault.pfx');
    writeFileSync(pfxFile, fixtures.valid.pfx(PFX_PASSWORD));
    temp = createKeychainApp({ clock: fixedClock(NOW), providerThumbprints: { 'vault-weu-encrypted': fixtures.valid.thumbprint } });
    const app = temp.app;

    // Every log line, at every level, is captured.
    process.env.FAILOVER_CONSOLE_DEBUG = '1';
    delete process.env.FAILOVER_CONSOLE_QUIET;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      seen.push({ where: 'log', text: Buffer.from(chunk).toString() });
      return true;
    }) as typeof process.stderr.write;
    app.events.subscribe((name, payload) => seen.push({ where: `event ${name}`, text: JSON.stringify(payload) }));

    const call = async (channel: string, input: unknown): Promise<unknown> => {
      const envelope = await dispatch(app, channel, input);
      seen.push({ where: `reply ${channel}`, text: JSON.stringify(envelope) });
      return envelope.ok ? envelope.result : undefined;
    };
    const cli = async (argv: string[], stdin = ''): Promise<void> => {
      await runCli(argv, {
        app,
        io: { out: (text) => seen.push({ where: `cli out ${argv.join(' ')}`, text }), err: (text) => seen.push({ where: `cli err ${argv.join(' ')}`, text }), readStdin: async () => stdin },
      });
    };

    // The secret goes in through the UI's channels and the CLI, and through the ways that fail.
    const connection = (await call('connections:add', { name: 'VMM primary', kind: 'vmm', address: 'vmm01', userName: 'svc' })) as { id: string };
    await call('secrets:set', { connectionId: connection.id, secret: SECRET });
    await cli(['connections', 'add', '--name', 'Azure', '--kind', 'azure', '--address', 'sub-1', '--user', 'app-id']);
    await cli(['secrets', 'set', '--connection', 'Azure'], `${SECRET}\n`);
    await call('secrets:set', { connectionId: 'no-such-connection', secret: SECRET });
    await call('secrets:set', { connectionId: connection.id, secret: SECRET, unexpected: SECRET });
    await call('secrets:set', { connectionId: connection.id, secret: `${SECRET}${'x'.repeat(9_000)}` });
    await call('certificates:import', { source: { kind: 'upload', fileName: 'vault.pfx', contentBase64: readFileSync(pfxFile).toString('base64') }, password: SECRET });
    const certificate = (await call('certificates:import', {
      source: { kind: 'upload', fileName: 'vault.pfx', contentBase64: readFileSync(pfxFile).toString('base64') },
      password: PFX_PASSWORD,
    })) as { id: string };
    await cli(['certificates', 'import', pfxFile, '--password-stdin'], `${PFX_PASSWORD}\n`);
    await call('certificates:bind', { certificateId: certificate.id, scopeId: 'vault-weu-encrypted' });
    seen.push({ where: 'certificate facts (R4 seam)', text: JSON.stringify(await app.certificates.factsFor('vault-weu-encrypted')) });

    // Then every channel of the contract, with the ids it needs where it is ours, and {} elsewhere.
    const inputs: Partial<Record<Channel, unknown>> = {
      'secrets:status': { connectionId: connection.id },
      'connections:update': { id: connection.id, changes: { address: 'vmm02' } },
      'certificates:get': { id: certificate.id },
    };
    for (const channel of CHANNEL_NAMES) {
      if (channel.endsWith(':remove') || channel.endsWith(':delete') || channel.endsWith(':unbind')) continue;
      await call(channel, inputs[channel] ?? {});
    }
    for (const argv of [['connections', 'list'], ['connections', 'list', '--json'], ['secrets', 'status'], ['secrets', 'status', '--json'], ['certificates', 'list', '--json'], ['certificates', 'show', '--certificate', certificate.id], ['certificates', 'scopes']]) {
      await cli(argv);
    }
    seen.push({ where: 'keychain holds it (control)', text: '' });
    expect(await app.keychain.get(connection.id)).toBe(SECRET);
  });

  afterAll(() => {
    process.stderr.write = originalWrite;
    delete process.env.FAILOVER_CONSOLE_DEBUG;
    if (quiet !== undefined) process.env.FAILOVER_CONSOLE_QUIET = quiet;
    temp.dispose();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('drove a reply for every channel of the contract', () => {
    const replied = new Set(seen.filter((entry) => entry.where.startsWith('reply ')).map((entry) => entry.where.slice('reply '.length)));
    const destructive = CHANNEL_NAMES.filter((channel) => /:(remove|delete|unbind)$/.test(channel));
    expect(CHANNEL_NAMES.filter((channel) => !replied.has(channel) && !destructive.includes(channel))).toEqual([]);
  });

  it('no reply, event, log line or CLI output carries the secret or the PFX password', () => {
    expect(seen.length).toBeGreaterThan(CHANNEL_NAMES.length);
    expect(leaks(`…${Buffer.from(SECRET).toString('base64')}…`)).toEqual([SECRET]); // the detector itself works
    expect(seen.filter((entry) => leaks(entry.text).length > 0).map((entry) => entry.where)).toEqual([]);
  });

  it('neither the database, its WAL, nor any file under the data directory holds them', () => {
    const files = filesUnder(temp.dataDir);
    expect(files.some((file) => file.endsWith('-wal'))).toBe(true);
    expect(files.some((file) => file.endsWith('.pfx'))).toBe(true);
    expect(files.filter((file) => leaks(readFileSync(file)).length > 0)).toEqual([]);
  });

  it('the same holds after the database is checkpointed and closed', () => {
    temp.app.close();
    expect(filesUnder(temp.dataDir).filter((file) => leaks(readFileSync(file)).length > 0)).toEqual([]);
  });
});
