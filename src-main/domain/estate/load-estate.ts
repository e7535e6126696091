import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../contract/errors.ts';
import { Estate } from '../model/estate.ts';
import type { Clock } from '../time/clock.ts';
import { findBrokenReferences } from './references.ts';

const RELATIVE_TIME = /^-(\d+)([smhd])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const RECOVERY_POINTS_PER_ITEM = 8;

/**
 * The lab file writes times relative to "now" ("-45d") so the estate never ages; a replicating item
 * without explicit recovery points gets a history at its replication frequency, the latest within one
 * interval, every fourth one application-consistent.
 */
export function resolveLabTimes(raw: unknown, now: Date): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const estate = raw as { items?: unknown };
  if (!Array.isArray(estate.items)) return raw;
  const items = estate.items.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return entry;
    const item = { ...(entry as Record<string, unknown>) };
    const lastFailover = item.lastFailover as { at?: unknown } | undefined;
    const relative = typeof lastFailover?.at === 'string' ? RELATIVE_TIME.exec(lastFailover.at) : null;
    if (lastFailover && relative) {
      const at = new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]).toISOString();
      item.lastFailover = { ...lastFailover, at };
    }
    const replication = item.replication as { state?: string; frequencySeconds?: number } | undefined;
    if (item.recoveryPoints === undefined && replication && replication.state !== 'initial-replication') {
      const frequencyMs = (replication.frequencySeconds ?? 300) * 1_000;
      const latest = now.getTime() - Math.floor(frequencyMs / 2);
      item.recoveryPoints = Array.from({ length: RECOVERY_POINTS_PER_ITEM }, (_, index) => ({
        id: `${String(item.id)}-rp${RECOVERY_POINTS_PER_ITEM - index}`,
        time: new Date(latest - index * frequencyMs).toISOString(),
        consistency: (RECOVERY_POINTS_PER_ITEM - index) % 4 === 0 ? 'app' : 'crash',
      })).reverse();
    }
    return item;
  });
  return { ...estate, items };
}

/** Validates an estate document: the schema first, then every cross-reference. */
export function parseEstate(raw: unknown, source: string): Estate {
  const parsed = Estate.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('ESTATE_INVALID', `The estate in ${source} is not valid: ${z.prettifyError(parsed.error)}`);
  }
  const broken = findBrokenReferences(parsed.data);
  if (broken.length > 0) {
    throw new AppError('ESTATE_INVALID', `The estate in ${source} is not valid: ${broken.join('; ')}`, { problems: broken });
  }
  return parsed.data;
}

export function loadEstateFile(file: URL | string, clock: Clock): Estate {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('ESTATE_INVALID', `The estate file ${String(file)} cannot be read.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('ESTATE_INVALID', `The estate file ${String(file)} is not valid JSON.`);
  }
  return parseEstate(resolveLabTimes(raw, clock.now()), String(file));
}

/** The built-in lab estate shipped in `resources/lab/`. */
export function loadLabEstate(resourcesDir: string, clock: Clock): Estate {
  return loadEstateFile(join(resourcesDir, 'lab', 'estate.json'), clock);
}
