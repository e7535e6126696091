// Job ids are ULIDs (docs/decisions.md, "Global ids"): unique across machines and data directories without
// coordination, so idempotency keys derived from them (`${jobId}/${stepId}#${attempt}`) never repeat at a
// fabric that several consoles share. Ordering in one database uses the jobs.seq column, not the id.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A job id: `job-` and a 26-character ULID (48-bit milliseconds, 80 random bits, Crockford base 32). */
export function newJobId(now: number = Date.now()): string {
  return `job-${newUlid(now)}`;
}

/**
 * A ULID: unique without coordination, and ordered by time, so rows keyed by it are appended at the end of
 * their index instead of scattered over it (one or two pages written per commit, not one per row).
 */
export function newUlid(now: number = Date.now()): string {
  let time = '';
  let ms = Math.max(0, Math.floor(now));
  for (let index = 0; index < 10; index++) {
    time = CROCKFORD[ms % 32]! + time;
    ms = Math.floor(ms / 32);
  }
  if (poolAt + 16 > pool.length) {
    globalThis.crypto.getRandomValues(pool); // Web Crypto: no Node import (the contract imports this file)
    poolAt = 0;
  }
  let random = '';
  for (let index = 0; index < 16; index++) random += CROCKFORD[pool[poolAt + index]! % 32];
  poolAt += 16;
  return `${time}${random}`;
}

// Random bytes are drawn 4 KiB at a time: one draw per id was a measurable share of a plan's CPU (a lab
// operation id per fabric call). Each byte is still used once.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** A ULID job id, or a numbered one (job-0001) written before ids were global. */
export const JOB_ID_PATTERN = /^job-(?:\d{1,12}|[0-9A-HJKMNP-TV-Z]{26})$/;
