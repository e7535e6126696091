import type { rulesChannels } from '../../../contract/rules.ts';
import { ipPlan, networkOptions, preflightReport, supportMatrix } from '../../../domain/rules/preflight.ts';
import { certificateFor, recoveryPointsFor } from '../../../orchestration/operations.ts';
import { scriptsToRun } from '../../../orchestration/plan-actions.ts';
import { resolveScope } from '../../../orchestration/scope.ts';
import type { HandlersFor } from './types.ts';

export const rulesHandlers: HandlersFor<keyof typeof rulesChannels> = {
  'rules:matrix': () => supportMatrix(),
  'preflight:run': async (input, app) => {
    const estate = app.estate();
    // R4: the certificate bound to the encrypted vault the moving members use, gathered as the job engine does.
    const certificate = await certificateFor(estate, input, app.certificates);
    // R6: the points the fabric holds now, as the job engine gathers them, so the data-loss estimate is the one a failover gets.
    const recoveryPoints = await recoveryPointsFor(estate, input, app.fabrics);
    const report = preflightReport(estate, input, { now: app.clock.now(), certificate, busyItemIds: app.busyItemIds(), recoveryPoints });
    return { ...report, scripts: scriptsToRun(resolveScope(estate, input), input.operation) };
  },
  'networks:options': (input, app) => networkOptions(app.estate(), input),
  'ip:plan': (input, app) => ipPlan(app.estate(), input),
};
