// Which copy of a job the detail shows. A decision's reply, progress events and reads (changes, outline) travel
// separately and arrive in any order; each carries the job's revision, which every job-level change raises
// (an operator's decision, a status change). A copy older than the one shown would put back a state the job
// has left — "Waiting for you" with its offer of a decision already taken — so it is dropped.

interface Revised {
  revision: number;
}

/** True when `incoming` is older than the job shown: keep what is shown. Equal revisions carry newer step counts. */
export function isStale(shown: Revised | null | undefined, incoming: Revised): boolean {
  return shown !== null && shown !== undefined && incoming.revision < shown.revision;
}
