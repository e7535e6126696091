// LOCK (a console rule, not the reference's): one operation at a time per item.
import type { Check } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';
import type { Scope } from './lookup.ts';

export function lockChecks(scope: Scope, busyItemIds: ReadonlySet<string>): Check[] {
  const busy = scope.items.filter((item) => busyItemIds.has(item.id));
  if (busy.length === 0) return [check('LOCK', 'pass', scope.subject, 'No member takes part in a running job.')];
  return busy.map((item) =>
    check('LOCK', 'fail', itemSubject(item), `${item.name} already takes part in a running job: wait for that job to finish (or cancel it) and run this again.`),
  );
}
