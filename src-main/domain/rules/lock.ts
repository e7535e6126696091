// LOCK (a console rule, not the reference's): one operation at a time per item.
import type { Check, Preflight } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import { resolveScope, type Scope } from './lookup.ts';

export function lockChecks(scope: Scope, busyItemIds: ReadonlySet<string>): Check[] {
  const busy = scope.items.filter((item) => busyItemIds.has(item.id));
  if (busy.length === 0) return [check('LOCK', 'pass', scope.subject, 'No member takes part in a running job.')];
  return busy.map((item) =>
    check('LOCK', 'fail', itemSubject(item), `${item.name} already takes part in a running job: wait for that job to finish (or cancel it) and run this again.`),
  );
}

/** LOCK alone: for tests of the engine's own guards (fault-schedule properties), never wired in the app. */
export const lockOnlyPreflight: Preflight = (estate, request, context) => lockChecks(resolveScope(estate, request.scope), context.busyItemIds);
