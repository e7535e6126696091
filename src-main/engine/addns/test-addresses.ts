// Where the wizard gets a machine's address in the test network. Today: the NIC addresses recorded in the
// estate (a test failover that retains addresses, R13). At merge this is the one function to swap for the
// rules engine's IP plan (src-main/engine/rules/ip-plan.ts), which knows the addresses allocated by R12/R13.
import type { Estate, ProtectedItem, RecoveryPlan } from '../model/estate.ts';

export interface TestAddress {
  nicId: string;
  ip: string;
}

export type TestAddressSource = (estate: Estate, plan: RecoveryPlan, item: ProtectedItem) => TestAddress[];

/** Static NIC addresses from the estate; DHCP NICs have none (those machines register themselves). */
export const estateNicAddresses: TestAddressSource = (_estate, _plan, item) =>
  item.nics.filter((nic) => nic.addressing === 'static' && nic.ip !== undefined).map((nic) => ({ nicId: nic.id, ip: nic.ip ?? '' }));
