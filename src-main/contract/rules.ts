import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import type { ResolvedDirection } from '../domain/rules/direction.ts';
import type { IpPlanEntry } from '../domain/rules/ip-plan.ts';
import type { SupportMatrix } from '../domain/rules/support-matrix.ts';
import type { NetworkOption } from '../domain/rules/test-network.ts';
import { OperationRequest, OperationScope, type Check } from '../domain/model/operation.ts';
import { channel, returns } from './define.ts';

/** A plan script an operation will run, shown for the operator's confirmation. */
export interface ScriptToRun {
  groupName: string;
  position: 'before' | 'after';
  title: string;
  command: string;
}

export interface PreflightResult {
  checks: Check[];
  /** True when no check fails (an operation may start only then). */
  mayStart: boolean;
  /** R3: the settled direction, or null while members run on both sides and none was chosen. */
  direction: ResolvedDirection | null;
  /** The plan's script commands this operation will run, in order, so the confirmation names them (R10; docs/decisions.md "Plan actions say which operations they run in"). */
  scripts?: ScriptToRun[];
}

const Direction = z.strictObject({ sourceSiteId: OpaqueId, targetSiteId: OpaqueId });

export const rulesChannels = {
  'rules:matrix': channel({
    input: z.strictObject({}),
    output: returns<SupportMatrix>(),
    summary: 'R1: the failover types each direction supports.',
  }),
  'preflight:run': channel({
    input: OperationRequest,
    output: returns<PreflightResult>(),
    summary: 'Every pre-flight check of an operation, whether it may start, and its direction.',
  }),
  'networks:options': channel({
    input: z.strictObject({ scope: OperationScope, direction: Direction.optional() }),
    output: returns<NetworkOption[]>(),
    summary: 'R11: the test-failover network options for the target, each available or not with the reason.',
  }),
  'ip:plan': channel({
    input: OperationRequest,
    output: returns<IpPlanEntry[]>(),
    summary: 'R12/R13: the address of each NIC after the failover, and why.',
  }),
};
