import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../contract/index.ts';
import { createTempApp, snapshotDatabase, type TempApp } from '../../test-support/temp-app.ts';
import { dispatch } from './dispatch.ts';
import { handlers } from './handlers/index.ts';

let temp: TempApp;
beforeEach(() => {
  temp = createTempApp();
});
afterEach(() => temp.dispose());

// Inputs no channel accepts: every input schema is a strict object.
const MALFORMED: readonly unknown[] = [42, 'text', [], true, { '__unexpected_key__': 1 }];

describe('dispatch', () => {
  it('has exactly one handler for every channel of the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('%s rejects malformed input with INVALID_INPUT and changes nothing', async (channel) => {
    const before = snapshotDatabase(temp.app);
    const published: string[] = [];
    temp.app.events.subscribe((name) => published.push(name));
    for (const input of MALFORMED) {
      const envelope = await dispatch(temp.app, channel, input);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) {
        expect(envelope.error.code).toBe('INVALID_INPUT');
        expect(envelope.error.message).toContain(channel);
        expect(envelope.error.message).not.toMatch(/\n\s+at /);
      }
    }
    expect(snapshotDatabase(temp.app)).toEqual(before);
    expect(published).toEqual([]);
  });

  it('answers UNKNOWN_CHANNEL for a channel outside the contract', async () => {
    const envelope = await dispatch(temp.app, 'fs:read', { path: '/etc/passwd' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('does not echo a rejected value in the error message (it may be a secret)', async () => {
    const envelope = await dispatch(temp.app, 'preferences:set', { theme: 'hunter2-secret-value' });
    expect(envelope.ok).toBe(false);
    expect(JSON.stringify(envelope)).not.toContain('hunter2-secret-value');
  });

  it('sites:list returns every site of the lab estate with kind and reachability', async () => {
    const envelope = await dispatch(temp.app, 'sites:list', {});
    expect(envelope.ok).toBe(true);
    const sites = envelope.ok ? (envelope.result as { kind: string; reachable: boolean }[]) : [];
    expect(new Set(sites.map((site) => site.kind))).toEqual(new Set(['vmm', 'hyperv', 'vmware', 'physical', 'azure']));
    expect(sites.every((site) => typeof site.reachable === 'boolean')).toBe(true);
  });

  it('preferences:set persists the theme and publishes the change', async () => {
    const seen: unknown[] = [];
    temp.app.events.subscribe((name, payload) => seen.push([name, payload]));
    await dispatch(temp.app, 'preferences:set', { theme: 'light' });
    expect(await dispatch(temp.app, 'preferences:get', {})).toEqual({ ok: true, result: { theme: 'light' } });
    expect(seen).toEqual([['preferences:changed', { theme: 'light' }]]);
  });
});
