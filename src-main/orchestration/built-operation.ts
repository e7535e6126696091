import type { FailurePolicy } from '../domain/jobs/job-model.ts';
import type { StepTree } from '../domain/jobs/step-tree.ts';
import type { Estate } from '../domain/model/estate.ts';
import type { OperationRequest } from '../domain/model/operation.ts';
import type { ResolvedScope } from './scope.ts';

/** What an operation module hands the engine: the step tree and how errors propagate. */
export interface BuiltOperation {
  tree: StepTree;
  failurePolicy: FailurePolicy;
}

export type OperationBuilder = (estate: Estate, request: OperationRequest, scope: ResolvedScope) => BuiltOperation;
