import { AppError } from '../../../contract/errors.ts';
import type { scriptsChannels } from '../../../contract/scripts.ts';
import { DNS_RECORD_FILE_NAME, dnsRecordScript } from '../../../domain/addns/dns-record-script.ts';
import { DNS_ZONE_FILE_NAME, dnsZoneScript } from '../../../domain/addns/dns-zone-script.ts';
import { DSREGDNS_FILE_NAME, dsregdnsScript } from '../../../domain/addns/dsregdns.ts';
import { planContext, planContexts } from '../../../domain/addns/plan-context.ts';
import { testNetworkAddresses } from '../../../domain/addns/test-addresses.ts';
import { PREPARATION_ACTION_ID, findPlan, preparationAction, preparePackage } from '../../../domain/addns/preparation.ts';
import type { HandlersFor } from './types.ts';

export const scriptsHandlers: HandlersFor<keyof typeof scriptsChannels> = {
  'scripts:context': (_input, app) => ({ plans: planContexts(app.estate()) }),
  'scripts:plan-context': (input, app) => {
    const estate = app.estate();
    // R12/R18: the record-update script writes where the test copies will answer, not their production address.
    return planContext(estate, findPlan(estate, input.planId), testNetworkAddresses(input.testNetwork));
  },
  'scripts:dns-record': (input) => ({ fileName: DNS_RECORD_FILE_NAME, mediaType: 'text/plain', content: dnsRecordScript(input) }),
  'scripts:dns-zone': (input) => ({ fileName: DNS_ZONE_FILE_NAME, mediaType: 'text/plain', content: dnsZoneScript(input) }),
  'scripts:dsregdns': () => ({ fileName: DSREGDNS_FILE_NAME, mediaType: 'text/plain', content: dsregdnsScript() }),
  'scripts:checklist': (input, app) => preparePackage(app.estate(), input),
  'scripts:add-to-plan': async (input, app, context) => {
    const estate = app.estate();
    const group = findPlan(estate, input.planId).groups[0];
    if (!group) throw new AppError('NOT_FOUND', `The plan "${input.planId}" has no group.`);
    // One preparation step per plan: a second one would ask the operator to prepare AD/DNS twice.
    if (group.before.some((action) => action.id === PREPARATION_ACTION_ID)) {
      throw new AppError('CONFLICT', `${group.name} of this plan already starts with the AD/DNS preparation step; remove it in the plan before adding a new one.`);
    }
    const action = preparationAction(preparePackage(estate, input));
    // R18: a manual action before Group 1 is where the operator adds the AD/DNS machines to the test network.
    const plan = await app.plans.addAction(input.planId, group.id, 'before', action, context);
    const updated = plan.groups.find((candidate) => candidate.id === group.id) ?? group;
    return {
      planId: plan.id,
      groupId: updated.id,
      groupName: updated.name,
      action: { id: action.id, title: action.title },
      before: updated.before.map((entry) => entry.title),
    };
  },
};
