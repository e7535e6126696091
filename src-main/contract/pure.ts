// Pure, wire-level functions and constants the renderer runs itself (instant feedback while typing, labels,
// defaults). Re-exported from the domain rather than put behind a channel: they read nothing but their
// arguments, so the renderer and the engine give the same answer without a round trip, and the engine still
// re-checks every input (docs/architecture.md, "The contract owns the wire").
export { JOB_STATUSES, isDone, isLeaf } from './job-dto.ts';
export { OPERATION_KINDS } from '../domain/model/operation.ts';
export { ACTION_DIRECTIONS } from '../domain/model/estate.ts';
export { isSingleFailover } from '../domain/rules/support-matrix.ts';
export { needsResynchronization } from '../domain/rules/resynchronize.ts';
export { defaultRunOn } from '../domain/model/run-on.ts';
export { actionIdsMet, planDirectionFrom } from '../domain/plans/action-scope.ts';
export { describeOperation } from '../domain/rules/describe-operation.ts';
export { COPY_METHOD_LABELS, COPY_METHODS } from '../domain/addns/checklist.ts';
export { PREPARATION_ACTION_ID } from '../domain/addns/preparation.ts';
export { validateDnsName, validateHostLabel, validateIpv4 } from '../domain/addns/validate.ts';
