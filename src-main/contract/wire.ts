// Every type a client (the renderer, the web bridge, scripts over the CLI's --json) sees of the main side, in
// one place: the renderer imports these and nothing under engine/ (lint: scripts/eslint/layer-map.ts).
//
// Two kinds of DTO (docs/architecture.md, "The contract owns the wire"):
// - written out in the contract (jobs: ./job-dto.ts), where the engine's record is not the wire's shape;
// - the domain's own validated documents (estate, plans, operation requests): their zod schemas are already
//   the wire schemas (they validate `plans:save`, `jobs:start`, `preflight:run` input), so their inferred
//   types are re-exported as they are. If one of them must change shape, write its DTO here and map it in
//   the api layer.
export { CONTRACT_VERSION } from './version.ts';
export type { CleanupEntry, GateKind, GroupSummary, ItemSummary, Job, JobActions, JobStatus, JobSummary, ManualActionOffer, NodeKind, StepNode, StepRow, StepStatus } from './job-dto.ts';
export type { TestVerdict } from '../domain/jobs/job-model.ts';
export type { ActionDirection, Nic, PlanAction, PlanGroup, ProtectedItem, RecoveryPlan, RecoveryPoint, ReplicationState, Role, SiteKind } from '../domain/model/estate.ts';
export type { Check, OperationKind, OperationRequest, OperationScope, RecoveryPointChoice, TestNetworkChoice } from '../domain/model/operation.ts';
export type { IpPlanEntry } from '../domain/rules/ip-plan.ts';
export type { AttentionEntry } from '../domain/dashboard/attention.ts';
export type { NetworkOption } from '../domain/rules/test-network.ts';
export type { ResolvedDirection } from '../domain/rules/direction.ts';
export type { RecoveryPointAge } from '../domain/dashboard/summary.ts';
export type { AddressingMode, CopyMethod, Topology } from '../domain/addns/checklist.ts';
export type { ScriptsPlanContext } from '../domain/addns/plan-context.ts';
export type { GeneratedFile, PreparationPackage } from '../domain/addns/preparation.ts';
export type { Validation } from '../domain/addns/validate.ts';
