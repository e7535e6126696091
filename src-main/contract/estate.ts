import { z } from 'zod';
import { OpaqueId } from '../domain/model/opaque-id.ts';
import type { ProtectedItem, RecoveryPlan, ReplicationState, Role } from '../domain/model/estate.ts';
import { channel, returns } from './define.ts';

export interface PlanSummary {
  id: string;
  name: string;
  description: string;
  sourceSiteId: string;
  targetSiteId: string;
  groupCount: number;
  memberIds: string[];
}

export interface ItemSummary {
  id: string;
  name: string;
  kind: 'vm' | 'physical';
  roles: Role[];
  primarySiteId: string;
  recoverySiteId: string;
  activeSiteId: string;
  replicationState: ReplicationState;
  initialProgress: number;
  failoverState: 'none' | 'commit-pending' | 'committed';
  /** Time of the latest recovery point, or null when there is none yet. */
  latestRecoveryPointAt: string | null;
  planIds: string[];
}

const ref = OpaqueId;

export const estateChannels = {
  'plans:list': channel({
    input: z.strictObject({}),
    output: returns<PlanSummary[]>(),
    summary: 'Every recovery plan with its sites and members.',
  }),
  'plans:get': channel({
    input: z.strictObject({ planId: ref }),
    output: returns<RecoveryPlan>(),
    summary: 'One recovery plan in full: groups, members and actions.',
  }),
  'items:list': channel({
    input: z.strictObject({}),
    output: returns<ItemSummary[]>(),
    summary: 'Every protected item with where it runs and its replication and failover state.',
  }),
  'items:get': channel({
    input: z.strictObject({ itemId: ref }),
    output: returns<ProtectedItem>(),
    summary: 'One protected item in full: NICs, recovery points, last failover.',
  }),
};
