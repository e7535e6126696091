// Fabric connections (named endpoints) in SQLite, without their secrets: a connection's secret lives in
// the OS keychain under account = the connection's id (adapters/keychain/keychain.ts).
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../contract/errors.ts';
import type { Connection, ConnectionKind } from '../../domain/model/connection.ts';
import type { ConnectionRepository } from '../../domain/ports/connection-repository.ts';
import { StatementCache } from './statement-cache.ts';

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

export function sqliteConnectionRepository(db: DatabaseSync): ConnectionRepository {
  const statements = new StatementCache(db);
  const sql = (text: string) => statements.get(text);

  function find(idOrName: string): Connection {
    const row = sql('SELECT * FROM connections WHERE id = ? OR name = ? COLLATE NOCASE').get(idOrName, idOrName) as ConnectionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no connection "${idOrName}".`);
    return fromRow(row);
  }

  function assertNameFree(name: string, exceptId?: string): void {
    const clash = sql('SELECT id FROM connections WHERE name = ? COLLATE NOCASE').get(name) as { id: string } | undefined;
    if (clash && clash.id !== exceptId) throw new AppError('CONFLICT', `A connection named "${name}" already exists.`);
  }

  return {
    list() {
      return (sql('SELECT * FROM connections ORDER BY name COLLATE NOCASE').all() as unknown as ConnectionRow[]).map(fromRow);
    },
    find,
    add(fields, now) {
      assertNameFree(fields.name);
      const id = `conn-${randomUUID()}`;
      const at = now.toISOString();
      sql('INSERT INTO connections (id, name, kind, address, user_name, site_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        id,
        fields.name,
        fields.kind,
        fields.address,
        fields.userName,
        fields.siteId ?? null,
        at,
        at,
      );
      return find(id);
    },
    update(id, changes, now) {
      const current = find(id);
      const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) } as Connection;
      if (next.name !== current.name) assertNameFree(next.name, current.id);
      sql('UPDATE connections SET name = ?, kind = ?, address = ?, user_name = ?, site_id = ?, updated_at = ? WHERE id = ?').run(
        next.name,
        next.kind,
        next.address,
        next.userName,
        next.siteId ?? null,
        now.toISOString(),
        current.id,
      );
      return find(current.id);
    },
    remove(id) {
      sql('DELETE FROM connections WHERE id = ?').run(id);
    },
  };
}
