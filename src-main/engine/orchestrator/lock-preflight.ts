// The minimal pre-flight the engine enforces on its own: one operation at a time per item (LOCK). The full
// rules pre-flight (src-main/engine/rules/preflight.ts) replaces it when wired into the app context.
import type { Check, Preflight } from '../model/operation.ts';
import { resolveScope } from './scope.ts';

export const lockPreflight: Preflight = (estate, request, context) => {
  const scope = resolveScope(estate, request);
  return scope.items
    .filter((item) => context.busyItemIds.has(item.id))
    .map(
      (item): Check => ({
        ruleId: 'LOCK',
        status: 'fail',
        subject: { kind: 'item', id: item.id, name: item.name },
        message: `${item.name} is taking part in another job that has not finished; finish or cancel it first.`,
      }),
    );
};
