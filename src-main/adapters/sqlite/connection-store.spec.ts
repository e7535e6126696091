// The connection store on a real database: names are unique whatever their case, and a connection is found by
// id or by name (the CLI names connections).
import { mkdtempSync, rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../contract/errors.ts';
import type { ConnectionRepository } from '../../domain/ports/connection-repository.ts';
import { sqliteConnectionRepository } from './connection-store.ts';
import { openDatabase } from './database.ts';

let dir: string;
let db: DatabaseSync;
let connections: ConnectionRepository;
const at = new Date('2026-12-01T08:00:00.000Z');
const later = new Date('2026-12-02T08:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-connections-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  connections = sqliteConnectionRepository(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('connection store', () => {
  it('adds, finds by id or by name in any case, lists by name, changes and removes a connection', () => {
    const vmm = connections.add({ name: 'VMM Primary', kind: 'vmm', address: 'vmm01.corp', userName: 'corp\\svc' }, at);
    const azure = connections.add({ name: 'azure', kind: 'azure', address: 'sub-1', userName: 'app', siteId: 'site-azure' }, at);
    expect(vmm).toMatchObject({ name: 'VMM Primary', siteId: null, createdAt: at.toISOString(), updatedAt: at.toISOString() });
    expect(connections.find('vmm primary').id).toBe(vmm.id);
    expect(connections.find(azure.id).siteId).toBe('site-azure');
    expect(connections.list().map((connection) => connection.name)).toEqual(['azure', 'VMM Primary']);

    const changed = connections.update(vmm.id, { address: 'vmm02.corp', name: undefined }, later);
    expect(changed).toMatchObject({ name: 'VMM Primary', address: 'vmm02.corp', createdAt: at.toISOString(), updatedAt: later.toISOString() });

    connections.remove(vmm.id);
    expect(codeOf(() => connections.find(vmm.id))).toBe('NOT_FOUND');
    expect(connections.list().map((connection) => connection.id)).toEqual([azure.id]);
  });

  it('refuses a name another connection has, whatever its case, and keeps both as they were', () => {
    const first = connections.add({ name: 'Hyper-V', kind: 'hyperv', address: 'hv01', userName: 'admin' }, at);
    const second = connections.add({ name: 'VMware', kind: 'vmware', address: 'vc01', userName: 'admin' }, at);
    expect(codeOf(() => connections.add({ name: 'hyper-v', kind: 'hyperv', address: 'hv02', userName: 'admin' }, at))).toBe('CONFLICT');
    expect(codeOf(() => connections.update(second.id, { name: 'HYPER-V' }, later))).toBe('CONFLICT');
    // Renaming a connection to its own name in another case is not a clash.
    expect(connections.update(first.id, { name: 'HYPER-V' }, later).name).toBe('HYPER-V');
    expect(connections.list().map((connection) => connection.name)).toEqual(['HYPER-V', 'VMware']);
  });
});
