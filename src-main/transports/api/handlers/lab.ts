import type { AppContext } from '../../../composition/app-context.ts';
import { AppError } from '../../../contract/errors.ts';
import type { LabStatus, labChannels } from '../../../contract/lab.ts';
import { parseEstate, resolveLabTimes } from '../../../domain/estate/load-estate.ts';
import { loadLabEstate } from '../../../domain/estate/load-estate.ts';
import { describeFault } from '../../../adapters/lab/lab-faults.ts';
import type { HandlersFor } from './types.ts';

function status(app: AppContext): LabStatus {
  return {
    settings: app.lab.control.settings(),
    faults: app.lab.control.faults().map((fault) => ({ id: fault.id, kind: fault.spec.kind, description: describeFault(fault.spec), createdAt: fault.createdAt })),
  };
}

export const labHandlers: HandlersFor<keyof typeof labChannels> = {
  'lab:fault': (input, app) => {
    if (input.kind === 'clear') app.lab.control.clearFaults();
    else if (input.kind !== 'list') app.lab.control.addFault(input, app.clock.now());
    if (input.kind !== 'list') app.events.publish('estate:changed', { itemIds: [] });
    return status(app);
  },
  'lab:reset': (input, app) => {
    if (app.busyItemIds().size > 0) throw new AppError('CONFLICT', 'A job is unfinished: finish or cancel it before resetting the lab.');
    const seed = input.estate === undefined ? loadLabEstate(app.resourcesDir, app.clock) : parseEstate(resolveLabTimes(input.estate, app.clock.now()), 'the given estate');
    app.lab.control.reset(seed, { ...(input.timeScale !== undefined ? { timeScale: input.timeScale } : {}), ...(input.seed !== undefined ? { seed: input.seed } : {}) });
    app.events.publish('estate:changed', { itemIds: seed.items.map((item) => item.id) });
    return status(app);
  },
  'lab:ops': (input, app) => app.lab.ops(input),
};
