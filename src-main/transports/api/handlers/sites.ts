import type { sitesChannels } from '../../../contract/sites.ts';
import type { HandlersFor } from './types.ts';

export const sitesHandlers: HandlersFor<keyof typeof sitesChannels> = {
  'sites:list': (_input, app) => {
    const estate = app.estate();
    return estate.sites.map((site) => ({
      id: site.id,
      name: site.name,
      kind: site.kind,
      role: site.role,
      location: site.location,
      reachable: site.reachable,
      hostCount: site.hosts.length,
      networkCount: site.networks.length + site.azureNetworks.length,
      protectedItemCount: estate.items.filter((item) => item.primarySiteId === site.id).length,
    }));
  },
};
