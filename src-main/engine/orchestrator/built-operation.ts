import type { FailurePolicy } from '../jobs/job-model.ts';
import type { StepTree } from '../jobs/step-tree.ts';
import type { Estate } from '../model/estate.ts';
import type { OperationRequest } from '../model/operation.ts';
import type { ResolvedScope } from './scope.ts';

/** What an operation module hands the engine: the step tree and how errors propagate. */
export interface BuiltOperation {
  tree: StepTree;
  failurePolicy: FailurePolicy;
}

export type OperationBuilder = (estate: Estate, request: OperationRequest, scope: ResolvedScope) => BuiltOperation;
