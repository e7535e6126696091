import type { AlternateHostOption, wizardChannels } from '../../../contract/wizard.ts';
import { AppError } from '../../../contract/errors.ts';
import { preflightReport } from '../../../domain/rules/preflight.ts';
import { findSite, resolveScope } from '../../../domain/rules/lookup.ts';
import { operationDirection } from '../../../domain/rules/participants.ts';
import type { HandlersFor } from './types.ts';

export const wizardHandlers: HandlersFor<keyof typeof wizardChannels> = {
  // The same R16 checks pre-flight runs, once per host, so the host picker shows every host with its reason.
  'failback:hosts': (input, app): AlternateHostOption[] => {
    const estate = app.estate();
    // R17: judged like the failback itself — from where the members away from home run, to their home site.
    const outcome = operationDirection(estate, resolveScope(estate, input.scope), { operation: 'failback', scope: input.scope, ...(input.direction ? { direction: input.direction } : {}) });
    if (!outcome.direction) throw new AppError('INVALID_INPUT', outcome.problem ?? 'The direction is ambiguous: choose it.');
    const target = findSite(estate, outcome.direction.targetSiteId);
    const context = { now: app.clock.now(), certificate: null, busyItemIds: new Set<string>() };
    return target.hosts.map((host) => {
      const request = { operation: 'failback' as const, scope: input.scope, direction: { sourceSiteId: outcome.direction!.sourceSiteId, targetSiteId: target.id }, alternateHostId: host.id, createVmIfMissing: true };
      const r16 = preflightReport(estate, request, context).checks.filter((check) => check.ruleId === 'R16');
      const failing = r16.find((check) => check.status === 'fail');
      return {
        hostId: host.id,
        name: host.name,
        siteId: target.id,
        virtualSwitches: [...host.virtualSwitches],
        available: !failing,
        reason: failing?.message ?? r16.find((check) => check.status === 'pass')?.message ?? `${host.name} is a host of ${target.name}.`,
      };
    });
  },
};
