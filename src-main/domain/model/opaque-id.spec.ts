import { describe, expect, it } from 'vitest';
import { channels as contract } from '../../contract/index.ts';
import { loadLabEstate } from '../estate/load-estate.ts';
import { defaultResourcesDir } from '../../application/paths.ts';
import { systemClock } from '../time/clock.ts';
import { Estate } from './estate.ts';
import { OpaqueId } from './opaque-id.ts';

const AZURE_ITEM_ID =
  '/Subscriptions/0f5c2a7e-1b3d-4c5e-9f80-112233445566/resourceGroups/DR-West-Europe-RG/providers/Microsoft.RecoveryServices/vaults/contoso-asr-vault-01/' +
  'replicationFabrics/asr-a2a-default-westeurope/replicationProtectionContainers/asr-a2a-default-westeurope-container/' +
  'replicationProtectedItems/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';

describe('opaque ids (estate read model fed by any fabric)', () => {
  it('an Azure resource id (hundreds of characters, slashes, capitals) is a valid estate id', () => {
    expect(AZURE_ITEM_ID.length).toBeGreaterThan(300);
    const estate = loadLabEstate(defaultResourcesDir(), systemClock);
    const first = estate.items[0]!;
    const renamed = { ...estate, items: [{ ...first, id: AZURE_ITEM_ID }, ...estate.items.slice(1)], plans: [] };
    expect(Estate.parse(renamed).items[0]!.id).toBe(AZURE_ITEM_ID);
  });

  it('contract inputs take such an id (items:get, lab:ops)', () => {
    expect(contract['items:get'].input.parse({ itemId: AZURE_ITEM_ID })).toEqual({ itemId: AZURE_ITEM_ID });
    expect(contract['lab:ops'].input.parse({ itemId: AZURE_ITEM_ID })).toEqual({ itemId: AZURE_ITEM_ID });
  });

  it('ids stay bounded and printable: control characters, padding and more than 1,024 characters are refused', () => {
    expect(OpaqueId.safeParse('x'.repeat(1024)).success).toBe(true);
    expect(OpaqueId.safeParse('x'.repeat(1025)).success).toBe(false);
    expect(OpaqueId.safeParse('app02\nforged log line').success).toBe(false);
    expect(OpaqueId.safeParse(' app02').success).toBe(false);
    expect(OpaqueId.safeParse('').success).toBe(false);
  });
});
