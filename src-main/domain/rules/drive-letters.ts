// R14: drive letters survive a failover only when the machine's SAN policy is On.
import type { ProtectedItem } from '../model/estate.ts';
import type { Check } from '../model/operation.ts';
import { check, itemSubject } from './check.ts';

export function driveLetterChecks(items: readonly ProtectedItem[]): Check[] {
  return items
    .filter((item) => item.sanPolicy === 'off')
    .map((item) =>
      check('R14', 'warn', itemSubject(item), `${item.name} has SAN policy Off: its data disks may come up offline or with other drive letters; set the SAN policy to On in the guest to keep them.`),
    );
}
