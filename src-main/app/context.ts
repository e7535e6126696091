import type { DatabaseSync } from 'node:sqlite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabEstate } from '../engine/estate/load-estate.ts';
import type { Estate, RecoveryPlan } from '../engine/model/estate.ts';
import type { Preflight } from '../engine/model/operation.ts';
import { systemClock, type Clock } from '../engine/time/clock.ts';
import { LabFabric } from '../engine/fabric/lab-fabric.ts';
import { JobEngine } from '../engine/orchestrator/job-engine.ts';
import type { LeaseOptions } from '../engine/orchestrator/lease-keeper.ts';
import { scriptChanges } from '../engine/orchestrator/plan-actions.ts';
import { preflight as rulesPreflight } from '../engine/rules/preflight.ts';
import { AuditLog, currentActor } from '../store/audit-log.ts';
import { JobLeases } from '../store/job-leases.ts';
import { DATABASE_FILE_NAME, inTransaction, isReadOnly, openDatabase } from '../store/database.ts';
import { EstateState } from '../store/estate-state.ts';
import { JobStore } from '../store/job-store.ts';
import { TimerStore } from '../store/timer-store.ts';
import { Scheduler } from '../engine/orchestrator/scheduler.ts';
import { WriteBatcher } from '../store/write-batcher.ts';
import { EventHub } from './events.ts';
import { defaultResourcesDir } from './paths.ts';
import { auditedVia, SYSTEM_CONTEXT, type RequestContext } from './request-context.ts';
import { AppError } from '../contract/errors.ts';
import { NO_FILE_PICKER, type AuditTrail, type CertificateBindings, type FilePicker, type PlanEditor } from './services.ts';
import { createKeychain, type Keychain } from '../secrets/keychain.ts';
import { createCertificateBindings } from '../certificates/bindings.ts';
import { applyLabProviderCertificates, LAB_PROVIDER_CERTIFICATES_FILE } from '../certificates/lab-provider-certificates.ts';

/** Everything a handler may touch. Built the same way by the desktop app, the web host, the CLI and tests. */
export interface AppContext {
  readonly dataDir: string;
  readonly resourcesDir: string;
  readonly db: DatabaseSync;
  readonly clock: Clock;
  readonly events: EventHub;
  /** The estate as it stands now (live state included). */
  estate(): Estate;
  /** Items taking part in a job that has not finished (one operation at a time per item). */
  busyItemIds(): ReadonlySet<string>;
  readonly certificates: CertificateBindings;
  readonly plans: PlanEditor;
  /** The OS keychain: the only store of secrets (connection secrets, PFX passwords). */
  readonly keychain: Keychain;
  /** The native open dialog in the desktop app; refuses elsewhere. */
  readonly filePicker: FilePicker;
  /** The orchestrator: jobs for every operation (PRODUCT §6). */
  readonly jobs: JobEngine;
  /** The embedded lab fabric: its operation log, faults and reset. */
  readonly lab: LabFabric;
  readonly audit: AuditLog;
  /** Durable timers (R10's forced completion; commit and rollback deadlines next). */
  readonly scheduler: Scheduler<DatabaseSync>;
  /** Audited changes outside the job engine, attributed to the caller. */
  readonly auditTrail: AuditTrail;
  close(): void;
}

export interface AppContextOptions {
  dataDir: string;
  resourcesDir?: string;
  clock?: Clock;
  keychain?: Keychain;
  filePicker?: FilePicker;
  /** Pre-flight (R1–R18, LOCK); tests may pass a narrower one. Defaults to the rules' pre-flight. */
  preflight?: Preflight;
  certificates?: CertificateBindings;
  /** Items of one group run in parallel up to this many. */
  maxParallelItems?: number;
  stepTimeoutMs?: number;
  /** Long-running hosts (desktop, web host) resume jobs and force-complete stale tests in the background. */
  background?: boolean;
  /** Read-only commands: an existing, up-to-date database is opened read-only and never written to. */
  readOnly?: boolean;
  /** Job leases (length, heartbeat, clock); FAILOVER_CONSOLE_LEASE_MS shortens the length (crash drills). */
  lease?: LeaseOptions;
}

/** A lease length from the environment: crash drills kill processes every second and cannot wait 30 s. */
function leaseFromEnvironment(): LeaseOptions | undefined {
  const ms = Number(process.env.FAILOVER_CONSOLE_LEASE_MS);
  return Number.isFinite(ms) && ms >= 50 ? { ttlMs: ms } : undefined;
}

/**
 * Lab only: a provider certificate "installed" after the estate was seeded updates the live vaults too. Only
 * sites it changes are written, so an open that finds them applied already writes nothing; a read-only open
 * applies them in memory only.
 */
function applyLabProviderCertificatesToState(state: EstateState, db: DatabaseSync, dataDir: string, readOnly: boolean): void {
  if (!existsSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE))) return;
  const before = state.estate().sites.map((site) => JSON.stringify(site));
  const estate = applyLabProviderCertificates(state.estate(), dataDir);
  const changed = estate.sites.filter((site, index) => JSON.stringify(site) !== before[index]);
  if (changed.length === 0 || readOnly) return;
  inTransaction(db, () => changed.forEach((site) => state.persist(db, 'site', site)));
}

export function createAppContext(options: AppContextOptions): AppContext {
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME), { readOnly: options.readOnly === true });
  const keychain = options.keychain ?? createKeychain();
  const batcher = new WriteBatcher(db);
  // The lab file seeds the live estate on first open only; afterwards the database is the truth.
  const state = new EstateState(db, batcher, () => applyLabProviderCertificates(loadLabEstate(resourcesDir, clock), options.dataDir));
  applyLabProviderCertificatesToState(state, db, options.dataDir, isReadOnly(db));
  const store = new JobStore(db);
  const audit = new AuditLog(currentActor(), db);
  // R10: a script added or edited in a plan runs on this host during a failover; who changed it is audited.
  // The actor is the caller's principal (docs/architecture.md, "Request context"), not the process's user.
  const auditScriptChanges = (conn: DatabaseSync, before: RecoveryPlan | undefined, after: RecoveryPlan, context: RequestContext) => {
    for (const change of scriptChanges(before, after)) {
      audit.append(conn, { at: clock.now().toISOString(), action: `plan.script-${change.change}`, actor: context.principal, details: { ...change, ...auditedVia(context) } });
    }
  };
  const events = new EventHub();
  const certificates = options.certificates ?? createCertificateBindings({ db, dataDir: options.dataDir, keychain });
  const lab = new LabFabric(db, batcher, state, clock);
  const scheduler = new Scheduler({ store: new TimerStore(db), batcher, clock });
  const jobs = new JobEngine({
    db,
    batcher,
    store,
    audit,
    leases: new JobLeases(db),
    fabric: lab,
    clock,
    events,
    estate: () => state.estate(),
    preflight: options.preflight ?? rulesPreflight,
    certificates,
    scheduler,
    ...(options.maxParallelItems ? { maxParallelItems: options.maxParallelItems } : {}),
    ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    ...((options.lease ?? leaseFromEnvironment()) ? { lease: options.lease ?? leaseFromEnvironment()! } : {}),
  });
  if (options.background) jobs.startBackground();
  let closed = false;
  return {
    dataDir: options.dataDir,
    resourcesDir,
    db,
    clock,
    events,
    estate: () => state.estate(),
    busyItemIds: () => store.busyItemIds(),
    certificates,
    keychain,
    filePicker: options.filePicker ?? NO_FILE_PICKER,
    plans: {
      async addAction(planId, groupId, position, action, context = SYSTEM_CONTEXT) {
        const plan = state.estate().plans.find((p) => p.id === planId);
        const group = plan?.groups.find((g) => g.id === groupId);
        if (!plan || !group) throw new AppError('NOT_FOUND', `There is no group "${groupId}" in plan "${planId}".`);
        if (group.before.some((a) => a.id === action.id) || group.after.some((a) => a.id === action.id)) {
          throw new AppError('CONFLICT', `Plan "${plan.name}" already has an action "${action.id}".`);
        }
        const before = structuredClone(plan);
        group[position].push(action);
        inTransaction(db, () => {
          state.persist(db, 'plan', plan);
          auditScriptChanges(db, before, plan, context);
        });
        events.publish('estate:changed', { itemIds: [] });
        return plan;
      },
      async save(plan, context = SYSTEM_CONTEXT) {
        const before = state.estate().plans.find((candidate) => candidate.id === plan.id);
        state.savePlan(plan, (conn) => auditScriptChanges(conn, before, plan, context));
        events.publish('estate:changed', { itemIds: [] });
        return plan;
      },
      async remove(planId) {
        state.removePlan(planId);
        events.publish('estate:changed', { itemIds: [] });
      },
    },
    jobs,
    lab,
    audit,
    scheduler,
    auditTrail: {
      record(context, work, entry) {
        return inTransaction(db, () => {
          const result = work();
          const event = entry(result);
          if (event) audit.append(db, { at: clock.now().toISOString(), action: event.action, actor: context.principal, details: { ...event.details, ...auditedVia(context) } });
          return result;
        });
      },
    },
    close() {
      if (closed) return;
      closed = true;
      jobs.close();
      batcher.close();
      db.close();
    },
  };
}
