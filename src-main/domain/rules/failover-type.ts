// What each failover type promises before it starts: R1 (is it supported in this direction), R5 (planned:
// sources shut down first), R6 (unplanned: data-loss window, optional shutdown and sync), R10 (test: no
// impact, cleaned up by Complete Test).
import type { ProtectedItem, Site } from '../model/estate.ts';
import type { Check, CheckSubject, OperationKind, OperationRequest } from '../model/operation.ts';
import { age, check } from './check.ts';
import type { ResolvedDirection } from './direction.ts';
import { CHOICE_WORDS, chosenPoint } from './recovery-point-choice.ts';
import { DIRECTION_LABELS, supportFor, type FailoverType } from './support-matrix.ts';

const TYPE_OF: Partial<Record<OperationKind, FailoverType>> = {
  'test-failover': 'test',
  'planned-failover': 'planned',
  'unplanned-failover': 'unplanned',
  // R15/R17: a failback runs as a planned failover in the reverse direction.
  failback: 'planned',
};

/** "A test failover", "A planned failover", "An unplanned failover": the article follows the sound, not a template. */
function aFailover(type: FailoverType): string {
  return `${/^[aeiou]/.test(type) ? 'An' : 'A'} ${type} failover`;
}

export function supportCheck(direction: ResolvedDirection, operation: OperationKind, subject: CheckSubject): Check {
  const type = TYPE_OF[operation] ?? 'planned';
  const route = `${direction.sourceSiteName} → ${direction.targetSiteName}`;
  if (!direction.key) return check('R1', 'fail', subject, `Site Recovery supports no failover ${route}: choose a plan or item protected between supported sites.`);
  const label = DIRECTION_LABELS[direction.key];
  const support = supportFor(direction.key, type);
  if (support === 'unsupported') {
    const instead = type === 'planned' ? '' : ' (only a planned failover is)';
    return check('R1', 'fail', subject, `${aFailover(type)} is not supported for ${label}${instead}: choose a supported failover type for ${route}.`);
  }
  if (support === 'single-failover') {
    return check('R1', 'pass', subject, `${label} uses continuous replication: this is the single Failover, with no planned/unplanned distinction.`);
  }
  return check('R1', 'pass', subject, `${aFailover(type)} is supported for ${label}.`);
}

export function reachabilityCheck(operation: OperationKind, target: Site, subject: CheckSubject): Check | null {
  if (target.reachable) return null;
  const rule = operation === 'test-failover' ? 'R10' : operation === 'unplanned-failover' ? 'R6' : 'R5';
  return check(rule, 'fail', subject, `The target ${target.name} is not reachable: restore the connection to it before failing over there.`);
}

export function plannedChecks(movers: readonly ProtectedItem[], source: Site, target: Site, subject: CheckSubject): Check[] {
  if (!source.reachable) {
    return [check('R5', 'fail', subject, `A planned failover first shuts the machines down at ${source.name}, which is not reachable: run an unplanned failover instead.`)];
  }
  return [
    check('R5', 'pass', subject, `${movers.length} machine(s) shut down at ${source.name} first (no data loss), then start at ${target.name}; an error stops the plan, and running it again resumes it.`),
  ];
}

export function unplannedChecks(movers: readonly ProtectedItem[], source: Site, request: OperationRequest, now: Date, subject: CheckSubject): Check[] {
  const checks: Check[] = [];
  if (request.shutdownAndSync) {
    checks.push(
      source.reachable
        ? check('R6', 'pass', subject, `The failover first tries to shut down ${movers.length} machine(s) at ${source.name} and synchronise the latest data; if that fails it uses the latest recovery point.`)
        : check('R6', 'warn', subject, `${source.name} is not reachable, so shutting down and synchronising will fail: the failover uses the latest recovery point.`),
    );
  }
  if (!request.shutdownAndSync || !source.reachable) {
    let worst: { item: ProtectedItem; ms: number } | null = null;
    for (const item of movers) {
      // R6: the window of the point the failover will use (the chosen kind, or the latest).
      const latest = chosenPoint(item, request);
      if (!latest) continue;
      const ms = now.getTime() - Date.parse(latest.time);
      if (!worst || ms > worst.ms) worst = { item, ms };
    }
    if (worst) {
      const which = request.recoveryPointId ? 'the chosen recovery point' : request.recoveryPoint ? CHOICE_WORDS[request.recoveryPoint] : 'the latest recovery point';
      checks.push(check('R6', 'warn', subject, `Data written after ${which} is lost: up to ${age(worst.ms)} for ${worst.item.name}. Errors do not stop the plan; it runs to completion.`));
    }
  }
  return checks;
}

export function testChecks(subject: CheckSubject, shutdownSource = false): Check[] {
  const untouched = shutdownSource ? 'A test failover leaves replication untouched (the source machines are shut down first, as chosen)' : 'A test failover leaves replication and production untouched';
  return [
    check('R10', 'pass', subject, `${untouched}; Complete Test (with notes) removes the test machines and any network it created, and a test left open two weeks is completed by force.`),
  ];
}
