// One sentence an operator reads before confirming: what the operation does, to how many machines, where.
// It only describes the request; whether it may start is the engine's pre-flight. Shared by the wizard's
// confirmation and the CLI's, so both say the same thing (docs/decisions.md "The CLI confirms destructive operations at a terminal").
import type { OperationRequest } from '../model/operation.ts';
import type { ResolvedDirection } from './direction.ts';

/** What the sentence needs of a member: where it runs now. */
export interface DescribedMember {
  activeSiteId: string;
}

function machines(count: number): string {
  return count === 1 ? '1 machine' : `${count} machines`;
}

export function describeOperation(request: OperationRequest, direction: ResolvedDirection, members: readonly DescribedMember[]): string {
  const movers = members.filter((item) => item.activeSiteId === direction.sourceSiteId);
  const from = direction.sourceSiteName;
  const to = direction.targetSiteName;
  const n = machines(movers.length);
  switch (request.operation) {
    case 'test-failover':
      return `${n} will get a test copy at ${to}; production at ${from} and replication are not touched (R10). Complete Test later deletes the test machines.`;
    case 'planned-failover':
      return `${n} will shut down at ${from}, synchronise and start at ${to} (R5: no data loss).`;
    case 'unplanned-failover':
      return request.shutdownAndSync
        ? `${n} will be shut down at ${from} if it can be reached, then start at ${to} from the latest data (R6).`
        : `${n} will start at ${to} from ${request.recoveryPointId ? 'the chosen' : 'the latest'} recovery point; nothing is shut down at ${from} (R6).`;
    case 'failback':
      return `${n} will shut down at ${from} and start at ${request.alternateHostId ? `host ${request.alternateHostId} of ` : ''}${to}${request.createVmIfMissing ? ', creating the virtual machine where it is missing' : ''} ${
        request.recoveryPointId ? 'from the chosen recovery point: changes made after it are lost' : 'from its final synchronisation: no data is lost'
      } (R15–R17).`;
    case 'commit':
      return `The failover of ${machines(members.length)} will be committed: every other recovery point is removed and the failover can no longer be undone (R7).`;
    case 'change-recovery-point':
      return `${machines(members.length)} will restart from the chosen recovery point (R7).`;
    case 'resynchronize':
      return `${machines(members.length)} will be resynchronized with the other site; replication is healthy again afterwards.`;
    case 'reverse-replication':
      return `${machines(members.length)} will replicate back to the other site (R9).`;
  }
}
