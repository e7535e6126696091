// Fabric connections (named endpoints) in SQLite, without their secrets: a connection's secret lives in
// the OS keychain under account = the connection's id (see keychain.ts).
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { Connection, ConnectionDraft, ConnectionKind } from '../../contract/connections.ts';

interface ConnectionRow {
  id: string;
  name: string;
  kind: string;
  address: string;
  user_name: string;
  site_id: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ConnectionKind,
    address: row.address,
    userName: row.user_name,
    siteId: row.site_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listConnections(db: DatabaseSync): Connection[] {
  return (db.prepare('SELECT * FROM connections ORDER BY name COLLATE NOCASE').all() as unknown as ConnectionRow[]).map(fromRow);
}

/** By id, or by name (the CLI names connections). */
export function findConnection(db: DatabaseSync, idOrName: string): Connection {
  const row = db.prepare('SELECT * FROM connections WHERE id = ? OR name = ? COLLATE NOCASE').get(idOrName, idOrName) as ConnectionRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no connection "${idOrName}".`);
  return fromRow(row);
}

function assertNameFree(db: DatabaseSync, name: string, exceptId?: string): void {
  const clash = db.prepare('SELECT id FROM connections WHERE name = ? COLLATE NOCASE').get(name) as { id: string } | undefined;
  if (clash && clash.id !== exceptId) throw new AppError('CONFLICT', `A connection named "${name}" already exists.`);
}

export function addConnection(db: DatabaseSync, draft: ConnectionDraft, now: Date): Connection {
  assertNameFree(db, draft.name);
  const id = `conn-${randomUUID()}`;
  const at = now.toISOString();
  db.prepare(
    'INSERT INTO connections (id, name, kind, address, user_name, site_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, draft.name, draft.kind, draft.address, draft.userName, draft.siteId ?? null, at, at);
  return findConnection(db, id);
}

export function updateConnection(db: DatabaseSync, id: string, changes: Partial<ConnectionDraft>, now: Date): Connection {
  const current = findConnection(db, id);
  const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) } as Connection;
  if (next.name !== current.name) assertNameFree(db, next.name, current.id);
  db.prepare('UPDATE connections SET name = ?, kind = ?, address = ?, user_name = ?, site_id = ?, updated_at = ? WHERE id = ?').run(
    next.name,
    next.kind,
    next.address,
    next.userName,
    next.siteId ?? null,
    now.toISOString(),
    current.id,
  );
  return findConnection(db, current.id);
}

export function removeConnection(db: DatabaseSync, id: string): void {
  db.prepare('DELETE FROM connections WHERE id = ?').run(id);
}
