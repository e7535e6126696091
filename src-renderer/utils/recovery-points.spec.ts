import { describe, expect, it } from 'vitest';
import type { RecoveryPoint } from '../../src-main/contract/wire.ts';
import { recoveryPointRows } from './recovery-points.ts';
import { formatAge, formatDateTime } from './date-time.ts';

const NOW = Date.parse('2026-12-03T16:00:00Z');
const POINTS: RecoveryPoint[] = [
  { id: 'rp-old', time: '2026-12-01T10:00:00Z', consistency: 'app' },
  { id: 'rp-new', time: '2026-12-03T15:48:00Z', consistency: 'crash' },
  { id: 'rp-mid', time: '2026-12-03T12:55:00Z', consistency: 'app' },
];

describe('recovery points as an operator reads them', () => {
  it('R7: lists them newest first, with their kind, their age and the one in use marked', () => {
    const rows = recoveryPointRows(POINTS, 'rp-mid', NOW);
    expect(rows.map((row) => [row.id, row.kind, row.age, row.inUse])).toEqual([
      ['rp-new', 'Crash-consistent', '12 min ago', false],
      ['rp-mid', 'App-consistent', '3 h 5 min ago', true],
      ['rp-old', 'App-consistent', '2 days ago', false],
    ]);
    expect(rows[1]!.label).toBe(`${formatDateTime('2026-12-03T12:55:00Z')} · App-consistent · 3 h 5 min ago · in use`);
    expect(rows[0]!.label).not.toContain('in use');
  });

  it('marks none in use before a failover', () => {
    expect(recoveryPointRows(POINTS, null, NOW).some((row) => row.inUse)).toBe(false);
  });

  it('sorts by the moment, not the text, so points written with other offsets still come newest first', () => {
    const rows = recoveryPointRows([{ id: 'a', time: '2026-12-03T17:00:00+02:00', consistency: 'crash' }, { id: 'b', time: '2026-12-03T15:30:00Z', consistency: 'crash' }], null, NOW);
    expect(rows.map((row) => row.id)).toEqual(['b', 'a']);
  });
});

describe('one date-time format', () => {
  it('writes local time with its zone', () => {
    expect(formatDateTime('2026-12-03T16:05:12Z')).toMatch(/16:05:12|\d{2}:05:12/);
    expect(formatDateTime('2026-12-03T16:05:12Z')).toMatch(/(UTC|GMT|[A-Z]{2,5}|[+-]\d)/);
    expect(formatDateTime(undefined)).toBe('');
  });

  it('says ages in minutes, hours and days', () => {
    expect(formatAge('2026-12-03T15:59:30Z', NOW)).toBe('just now');
    expect(formatAge('2026-12-03T14:00:00Z', NOW)).toBe('2 h ago');
    expect(formatAge('2026-12-02T15:00:00Z', NOW)).toBe('1 day ago');
  });
});
