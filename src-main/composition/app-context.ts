import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabEstate } from '../domain/estate/load-estate.ts';
import type { Estate, RecoveryPlan, Site } from '../domain/model/estate.ts';
import type { Preflight } from '../domain/model/operation.ts';
import { systemClock, type Clock } from '../domain/time/clock.ts';
import { LabAdapter } from '../adapters/lab/lab-adapter.ts';
import { importLegacyLabState, legacyLabSeed } from '../adapters/lab/lab-upgrade.ts';
import { StaticFabricRegistry } from '../domain/fabric/registry.ts';
import type { FabricRegistry } from '../domain/ports/fabric-port.ts';
import { FabricCaller } from '../orchestration/fabric-call.ts';
import { realSleep, retryPolicies, type RetryPolicy, type Sleep } from '../orchestration/retry-policy.ts';
import { FabricCallStore } from '../adapters/sqlite/fabric-call-store.ts';
import { labConsole, type LabConsole } from './lab-console.ts';
import { RUNNER_TUNING_ENV, runnerTuningFromEnv } from '../application/runner-tuning.ts';
import { JobEngine } from '../orchestration/job-engine.ts';
import type { LeaseOptions } from '../orchestration/lease-keeper.ts';
import { scriptChanges } from '../orchestration/plan-actions.ts';
import { preflight as rulesPreflight } from '../domain/rules/preflight.ts';
import { AuditLog } from '../adapters/sqlite/audit-log.ts';
import { JobLeases } from '../adapters/sqlite/job-leases.ts';
import { DATABASE_FILE_NAME, inTransaction, isReadOnly, openDatabase, type SqliteDatabase, type SqliteTransaction } from '../adapters/sqlite/database.ts';
import { sqliteCertificateRepository } from '../adapters/sqlite/certificate-store.ts';
import { sqliteConnectionRepository } from '../adapters/sqlite/connection-store.ts';
import { EstateReadModel } from '../adapters/sqlite/estate-read-model.ts';
import { JobStore } from '../adapters/sqlite/job-store.ts';
import { sqlitePreferenceStore, type PreferenceStore } from '../adapters/sqlite/preference-store.ts';
import { TimerStore } from '../adapters/sqlite/timer-store.ts';
import { Scheduler } from '../orchestration/scheduler.ts';
import { WriteBatcher } from '../adapters/sqlite/write-batcher.ts';
import { EventHub } from '../application/events.ts';
import { defaultResourcesDir } from '../application/paths.ts';
import { auditedVia, osPrincipal, SYSTEM_CONTEXT, type RequestContext } from '../application/request-context.ts';
import { AppError } from '../contract/errors.ts';
import { NO_FILE_PICKER, type AuditTrail, type CertificateBindings, type FilePicker, type PlanEditor } from '../application/services.ts';
import { createKeychain, type Keychain } from '../adapters/keychain/keychain.ts';
import { createCertificateBindings } from '../adapters/certificates/bindings.ts';
import { createCertificateCatalog } from '../adapters/certificates/catalog.ts';
import type { CertificateCatalog } from '../domain/ports/certificate-catalog.ts';
import type { ConnectionRepository } from '../domain/ports/connection-repository.ts';
import { applyLabProviderCertificates, LAB_PROVIDER_CERTIFICATES_FILE } from '../adapters/certificates/lab-provider-certificates.ts';

/** Everything a handler may touch. Built the same way by the desktop app, the web host, the CLI and tests. */
export interface AppContext {
  readonly dataDir: string;
  readonly resourcesDir: string;
  /** The engine's database. Handlers go through the ports below; tests and benches read its tables. */
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly events: EventHub;
  /** The estate as it stands now (live state included). */
  estate(): Estate;
  /** Items taking part in a job that has not finished (one operation at a time per item). */
  busyItemIds(): ReadonlySet<string>;
  readonly certificates: CertificateBindings;
  /** Imported certificates: their records, files and PFX passwords, and their bindings to encrypted clouds. */
  readonly certificateCatalog: CertificateCatalog;
  /** Fabric connections (their secrets are in the keychain, under each connection's id). */
  readonly connections: ConnectionRepository;
  readonly plans: PlanEditor;
  /** The OS keychain: the only store of secrets (connection secrets, PFX passwords). */
  readonly keychain: Keychain;
  /** The native open dialog in the desktop app; refuses elsewhere. */
  readonly filePicker: FilePicker;
  /** The orchestrator: jobs for every operation, over the SQLite adapter. */
  readonly jobs: JobEngine<SqliteTransaction>;
  /** The embedded lab fabric's own console: settings, faults, reset, its operation log, test resources. */
  readonly lab: LabConsole;
  /** Routes each site to its fabric adapter (fabric port v2); the runner and the estate read model use it. */
  readonly fabrics: FabricRegistry;
  /** The intent journal of fabric calls. */
  readonly fabricCalls: FabricCallStore;
  /** The estate read model: re-reads the adapters' inventory (an in-process lab is fresh on every read). */
  refreshEstate(itemIds?: readonly string[]): Promise<Estate>;
  readonly audit: AuditLog;
  /** The operator's stored preferences (the contract says which keys and values are valid). */
  readonly preferences: PreferenceStore;
  /** Durable timers (R10's forced completion; commit and rollback deadlines next). */
  readonly scheduler: Scheduler<SqliteTransaction>;
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
  /** After a cancel, how long a fabric call under way may take before it counts as hung and is aborted. */
  cancelGraceMs?: number;
  /** Overrides of every operation's retry policy (tests: tiny intervals). */
  retryPolicy?: Partial<RetryPolicy>;
  /** How the runner waits between retries and polls (tests: a fake that only yields). */
  sleep?: Sleep;
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
 * Lab only: a provider certificate "installed" after the lab was seeded updates its vaults too (only the sites
 * it changes are written, so an open that finds them applied writes nothing). A read-only open leaves it be.
 */
function applyLabProviderCertificatesToLab(lab: LabAdapter, dataDir: string, readOnly: boolean): void {
  if (readOnly || !existsSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE))) return;
  const { inventory } = lab.inventorySnapshot();
  const patched = applyLabProviderCertificates(structuredClone({ name: '', networkMappings: [], items: [], plans: [], sites: inventory.sites as Site[] }), dataDir);
  lab.control.updateSites((site) => patched.sites.find((candidate) => candidate.id === site.id));
}

export function createAppContext(options: AppContextOptions): AppContext {
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME), { readOnly: options.readOnly === true });
  const keychain = options.keychain ?? createKeychain();
  const batcher = new WriteBatcher(db);
  // The lab is a fabric service with its own database (lab.sqlite). A new one is seeded from the live estate
  // an older engine database still holds (so the operator's lab state survives the upgrade), else from the
  // lab file; afterwards the lab database is the truth.
  const seedEstate = () => applyLabProviderCertificates(loadLabEstate(resourcesDir, clock), options.dataDir);
  let upgraded = false;
  let lab: LabAdapter;
  try {
    lab = new LabAdapter({
      dataDir: options.dataDir,
      clock,
      readOnly: isReadOnly(db),
      seed: () => {
        const legacy = legacyLabSeed(db);
        upgraded = legacy !== undefined;
        return legacy ?? seedEstate();
      },
    });
  } catch (error) {
    db.close(); // the lab database cannot be opened (newer, unreadable): nothing stays open behind the error
    throw error;
  }
  if (upgraded) importLegacyLabState(db, lab.db);
  applyLabProviderCertificatesToLab(lab, options.dataDir, isReadOnly(db));
  // The lab is the one fabric of this console: it serves every site (composition is the only place that knows it).
  const fabrics = new StaticFabricRegistry({}, lab);
  const state = new EstateReadModel(db, [{ adapter: lab, snapshot: (fresh) => lab.inventorySnapshot(fresh) }], () => seedEstate().plans);
  const store = new JobStore(db);
  const audit = new AuditLog(osPrincipal(), db);
  // R10: a script added or edited in a plan runs on this host during a failover; who changed it is audited.
  // The actor is the caller's principal (docs/architecture.md, "Request context"), not the process's user.
  const auditScriptChanges = (conn: SqliteTransaction, before: RecoveryPlan | undefined, after: RecoveryPlan, context: RequestContext) => {
    for (const change of scriptChanges(before, after)) {
      audit.append(conn, { at: clock.now().toISOString(), action: `plan.script-${change.change}`, actor: context.principal, details: { ...change, ...auditedVia(context) } });
    }
  };
  const events = new EventHub();
  const certificateStore = { certificates: sqliteCertificateRepository(db), dataDir: options.dataDir, keychain };
  const certificates = options.certificates ?? createCertificateBindings(certificateStore);
  const tuning = runnerTuningFromEnv(process.env[RUNNER_TUNING_ENV]);
  const scheduler = new Scheduler({ store: new TimerStore(db), batcher, clock });
  const fabricCalls = new FabricCallStore(db);
  const calls = new FabricCaller({
    registry: fabrics,
    store: fabricCalls,
    batcher,
    policies: retryPolicies({ ...tuning.retry, ...options.retryPolicy }),
    sleep: options.sleep ?? realSleep,
    now: () => clock.now().toISOString(),
    ...tuning.polling,
  });
  const jobs = new JobEngine({
    batcher,
    store,
    audit,
    leases: new JobLeases(db),
    registry: fabrics,
    calls,
    clock,
    events,
    estate: (options) => state.estate(options),
    preflight: options.preflight ?? rulesPreflight,
    certificates,
    scheduler,
    ...(options.maxParallelItems ? { maxParallelItems: options.maxParallelItems } : {}),
    ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    ...((options.lease ?? leaseFromEnvironment()) ? { lease: options.lease ?? leaseFromEnvironment()! } : {}),
    ...(options.cancelGraceMs ? { cancelGraceMs: options.cancelGraceMs } : {}),
  });
  // The runner's "items changed" hook (estate:changed after each committed transition): adapters without an
  // in-process view are re-read for those items; the lab's own view is fresh on every read anyway.
  const unsubscribe = events.subscribe((name, payload) => {
    if (name === 'estate:changed') state.refresh((payload as { itemIds: string[] }).itemIds).catch(() => undefined);
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
    certificateCatalog: createCertificateCatalog(certificateStore),
    connections: sqliteConnectionRepository(db),
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
        // Commit, then publish: the edited copy reaches the estate only once its transaction committed, so a
        // refused save can never leave an unsaved, unaudited script in the next failover.
        const edited = structuredClone(plan);
        edited.groups.find((g) => g.id === groupId)![position].push(action);
        state.savePlan(edited, (conn) => auditScriptChanges(conn, plan, edited, context));
        events.publish('estate:changed', { itemIds: [] });
        return edited;
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
    lab: labConsole(lab, state),
    fabrics,
    fabricCalls,
    refreshEstate: (itemIds) => state.refresh(itemIds),
    audit,
    scheduler,
    preferences: sqlitePreferenceStore(db),
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
      unsubscribe();
      jobs.close();
      batcher.close();
      db.close();
      lab.close();
    },
  };
}
