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
export type { CleanupEntry, GateKind, Job, JobActions, JobStatus, JobSummary, ManualActionOffer, NodeKind, StepNode, StepStatus } from './job-dto.ts';
export type { ActionDirection, Nic, PlanAction, PlanGroup, ProtectedItem, RecoveryPlan, RecoveryPoint, ReplicationState, Role, SiteKind } from '../engine/model/estate.ts';
export type { Check, OperationKind, OperationRequest, OperationScope, RecoveryPointChoice, TestNetworkChoice } from '../engine/model/operation.ts';
export type { IpPlanEntry } from '../engine/rules/ip-plan.ts';
export type { NetworkOption } from '../engine/rules/test-network.ts';
export type { ResolvedDirection } from '../engine/rules/direction.ts';
export type { RecoveryPointAge } from '../engine/dashboard/summary.ts';
export type { AddressingMode, CopyMethod, Topology } from '../engine/addns/checklist.ts';
export type { ScriptsPlanContext } from '../engine/addns/plan-context.ts';
export type { GeneratedFile, PreparationPackage } from '../engine/addns/preparation.ts';
export type { Validation } from '../engine/addns/validate.ts';
