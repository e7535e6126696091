import type { EstateSource, sitesChannels } from '../../../contract/sites.ts';
import type { HandlersFor } from './types.ts';

/** The adapter id the embedded lab registers under (adapters/lab/lab-adapter.ts's default). */
const LAB_ADAPTER_ID = 'lab';

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
  // Answered from the fabric registry, the thing that really routes each site's calls: a console is driving
  // the lab only when the lab is every fabric it would call.
  'estate:source': (_input, app): EstateSource => {
    const estateName = app.estate().name;
    const others = app.fabrics.adapters().filter((adapter) => adapter.id !== LAB_ADAPTER_ID);
    if (others.length === 0) return { kind: 'lab', estateName };
    const names = new Map(app.connections.list().map((connection) => [connection.id, connection.name]));
    return { kind: 'connection', connectionNames: others.map((adapter) => names.get(adapter.id) ?? adapter.id), estateName };
  },
};
