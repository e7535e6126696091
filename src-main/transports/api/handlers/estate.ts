import type { estateChannels, ItemSummary, PlanSummary } from '../../../contract/estate.ts';
import { findItem, findPlan } from '../../../domain/rules/lookup.ts';
import { latestRecoveryPoint } from '../../../domain/rules/replication.ts';
import type { HandlersFor } from './types.ts';

export const estateHandlers: HandlersFor<keyof typeof estateChannels> = {
  'plans:list': (_input, app): PlanSummary[] =>
    app.estate().plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      description: plan.description,
      sourceSiteId: plan.sourceSiteId,
      targetSiteId: plan.targetSiteId,
      groupCount: plan.groups.length,
      memberIds: plan.groups.flatMap((group) => group.members),
    })),
  'plans:get': (input, app) => findPlan(app.estate(), input.planId),
  'items:list': (_input, app): ItemSummary[] => {
    const estate = app.estate();
    return estate.items.map((item) => ({
      id: item.id,
      name: item.name,
      kind: item.kind,
      roles: item.roles,
      primarySiteId: item.primarySiteId,
      recoverySiteId: item.recoverySiteId,
      activeSiteId: item.activeSiteId,
      replicationState: item.replication.state,
      initialProgress: item.replication.initialProgress,
      failoverState: item.failoverState,
      latestRecoveryPointAt: latestRecoveryPoint(item)?.time ?? null,
      planIds: estate.plans.filter((plan) => plan.groups.some((group) => group.members.includes(item.id))).map((plan) => plan.id),
    }));
  },
  // R6: the recovery points the fabric holds now (replication keeps producing them; a lag or a source outage
  // holds them back), the same list pre-flight estimates the data-loss window from and a failover uses.
  'items:get': async (input, app) => {
    const item = findItem(app.estate(), input.itemId);
    return { ...item, recoveryPoints: await app.lab.listRecoveryPoints(item.id) };
  },
};
