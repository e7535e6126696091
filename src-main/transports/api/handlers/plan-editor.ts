import type { planEditorChannels } from '../../../contract/plan-editor.ts';
import { AppError } from '../../../contract/errors.ts';
import type { RecoveryPlan } from '../../../domain/model/estate.ts';
import { planIdFor, planProblems } from '../../../domain/plans/validate-plan.ts';
import { findPlan } from '../../../domain/rules/lookup.ts';
import type { AppContext } from '../../../composition/app-context.ts';
import type { HandlersFor } from './types.ts';

function refuseProblems(problems: ReturnType<typeof planProblems>): void {
  if (problems.length === 0) return;
  throw new AppError('INVALID_INPUT', problems.map((problem) => problem.message).join(' '), problems);
}

/** A plan whose machines are in an unfinished job is what that job walks: it must not change underneath it. */
function refuseWhileBusy(app: AppContext, plan: RecoveryPlan, verb: string): void {
  const busy = app.busyItemIds();
  const running = plan.groups.flatMap((group) => group.members).filter((id) => busy.has(id));
  if (running.length > 0) throw new AppError('CONFLICT', `Cannot ${verb} "${plan.name}" while ${running.join(', ')} take part in an unfinished job.`);
}

export const planEditorHandlers: HandlersFor<keyof typeof planEditorChannels> = {
  'plans:create': async (input, app, context) => {
    const estate = app.estate();
    const plan: RecoveryPlan = {
      id: planIdFor(estate, input.name),
      name: input.name.trim(),
      description: input.description ?? '',
      sourceSiteId: input.sourceSiteId,
      targetSiteId: input.targetSiteId,
      groups: [{ id: 'g1', name: 'Group 1', members: [], before: [], after: [] }],
    };
    refuseProblems(planProblems(estate, plan, { creating: true }));
    return app.plans.save(plan, context);
  },
  'plans:update': async (input, app, context) => {
    const estate = app.estate();
    refuseProblems(planProblems(estate, input.plan, { creating: false }));
    const current = findPlan(estate, input.plan.id);
    refuseWhileBusy(app, current, 'edit');
    refuseWhileBusy(app, input.plan, 'edit');
    return app.plans.save(structuredClone(input.plan), context);
  },
  'plans:delete': async (input, app) => {
    const plan = findPlan(app.estate(), input.planId);
    refuseWhileBusy(app, plan, 'delete');
    await app.plans.remove(plan.id);
    return { planId: plan.id };
  },
};
