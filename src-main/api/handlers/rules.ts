import type { rulesChannels } from '../../contract/rules.ts';
import { encryptedCloudFor, ipPlan, networkOptions, preflightReport, supportMatrix } from '../../engine/rules/preflight.ts';
import { directionChecks, resolveDirectionFor } from '../../engine/rules/direction.ts';
import { resolveScope } from '../../engine/rules/lookup.ts';
import type { HandlersFor } from './types.ts';

export const rulesHandlers: HandlersFor<keyof typeof rulesChannels> = {
  'rules:matrix': () => supportMatrix(),
  'preflight:run': async (input, app) => {
    const estate = app.estate();
    // R4: the certificate of the encrypted cloud the moving members use, from the certificate store.
    const scope = resolveScope(estate, input.scope);
    const { movers } = directionChecks(estate, scope, resolveDirectionFor(estate, scope, input.direction));
    const cloud = encryptedCloudFor(estate, movers.length > 0 ? movers : scope.items);
    const certificate = cloud ? await app.certificates.factsFor(cloud.id) : null;
    return preflightReport(estate, input, { now: app.clock.now(), certificate, busyItemIds: app.busyItemIds() });
  },
  'networks:options': (input, app) => networkOptions(app.estate(), input),
  'ip:plan': (input, app) => ipPlan(app.estate(), input),
};
