import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch.ts';
import { sitesHandlers } from './sites.ts';
import { openTestApp, type TestApp } from '../../../orchestration/testing.ts';
import { StaticFabricRegistry } from '../../../domain/fabric/registry.ts';
import type { FabricAdapter } from '../../../domain/ports/fabric-port.ts';
import type { AppContext } from '../../../composition/app-context.ts';
import type { EstateSource } from '../../../contract/sites.ts';

let t: TestApp | undefined;
afterEach(() => t?.dispose());

describe('estate:source (lab or production, at a glance)', () => {
  it('says the built-in lab, by its estate name, when the lab is the only fabric', async () => {
    t = openTestApp();
    const reply = await dispatch(t.app, 'estate:source', {});
    expect(reply).toEqual({ ok: true, result: { kind: 'lab', estateName: 'Contoso lab' } });
  });

  it('names the connection whose fabric serves a site, so a real estate never reads as the lab', async () => {
    const lab = { id: 'lab' } as FabricAdapter;
    const vault = { id: 'conn-vault' } as FabricAdapter;
    const app = {
      estate: () => ({ name: 'Contoso' }),
      fabrics: new StaticFabricRegistry({ azure: vault }, lab),
      connections: { list: () => [{ id: 'conn-vault', name: 'Contoso vault (West Europe)' }] },
    } as unknown as AppContext;
    const source = (await sitesHandlers['estate:source']({}, app, undefined as never)) as EstateSource;
    expect(source).toEqual({ kind: 'connection', connectionNames: ['Contoso vault (West Europe)'], estateName: 'Contoso' });
  });
});
