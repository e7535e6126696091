import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, entryHash, verifyAuditLog } from './audit-log.ts';
import { openDatabase } from './database.ts';

let dir: string;
let db: DatabaseSync;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fc-audit-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  const audit = new AuditLog('operator');
  for (let n = 1; n <= 5; n++) audit.append(db, { at: `2026-11-29T10:00:0${n}Z`, action: 'job.running', jobId: 'job-0001', details: { n } });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit trail', () => {
  it('chains each entry to the previous one with SHA-256 and records who acted', () => {
    const rows = db.prepare('SELECT seq, actor, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; actor: string; prev_hash: string; hash: string }[];
    expect(rows).toHaveLength(5);
    for (let index = 1; index < rows.length; index++) expect(rows[index]!.prev_hash).toBe(rows[index - 1]!.hash);
    expect(rows.every((row) => row.actor === 'operator' && /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);
    expect(verifyAuditLog(db)).toMatchObject({ ok: true, entries: 5 });
  });

  it('reports the first edited entry', () => {
    db.prepare("UPDATE audit_log SET details_json = '{\"n\":99}' WHERE seq = 3").run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'edited' } });
  });

  it('reports a deleted entry where the chain breaks', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'inserted-or-deleted' } });
  });

  it('reports an inserted entry even when the forger computed its hash', () => {
    db.exec('UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3');
    db.exec('UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100');
    const previous = db.prepare('SELECT hash FROM audit_log WHERE seq = 2').get() as { hash: string };
    const forged = { seq: 3, at: '2026-11-29T10:00:10Z', actor: 'intruder', action: 'job.cancelled', jobId: 'job-0001', details: {}, prevHash: previous.hash };
    db.prepare('INSERT INTO audit_log (seq, at, actor, action, job_id, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      forged.seq, forged.at, forged.actor, forged.action, forged.jobId, '{}', forged.prevHash, entryHash(forged),
    );
    // The forged entry itself verifies; the genuine one after it no longer follows the chain.
    expect(verifyAuditLog(db)).toMatchObject({ ok: false, firstBad: { seq: 4, problem: 'inserted-or-deleted' } });
  });
});
