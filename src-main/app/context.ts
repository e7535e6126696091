import type { DatabaseSync } from 'node:sqlite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabEstate } from '../engine/estate/load-estate.ts';
import type { Estate, RecoveryPlan } from '../engine/model/estate.ts';
import type { Preflight } from '../engine/model/operation.ts';
import { systemClock, type Clock } from '../engine/time/clock.ts';
import { LabFabric } from '../engine/fabric/lab-fabric.ts';
import { LabPortAdapter, labAdapterSettingsFromEnv } from '../engine/fabric/lab-port-adapter.ts';
import { StaticFabricRegistry } from '../engine/fabric/registry.ts';
import type { FabricRegistry } from '../engine/ports/fabric-port.ts';
import { FabricCaller } from '../engine/orchestrator/fabric-call.ts';
import { realSleep, retryPolicies, type RetryPolicy, type Sleep } from '../engine/orchestrator/retry-policy.ts';
import { FabricCallStore } from '../store/fabric-call-store.ts';
import { JobEngine } from '../engine/orchestrator/job-engine.ts';
import { scriptChanges } from '../engine/orchestrator/plan-actions.ts';
import { preflight as rulesPreflight } from '../engine/rules/preflight.ts';
import { AuditLog } from '../store/audit-log.ts';
import { DATABASE_FILE_NAME, inTransaction, openDatabase } from '../store/database.ts';
import { EstateState } from '../store/estate-state.ts';
import { JobStore } from '../store/job-store.ts';
import { WriteBatcher } from '../store/write-batcher.ts';
import { EventHub } from './events.ts';
import { defaultResourcesDir } from './paths.ts';
import { AppError } from '../contract/errors.ts';
import { NO_FILE_PICKER, type CertificateBindings, type FilePicker, type PlanEditor } from './services.ts';
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
  /** The orchestrator: jobs for every operation (issue 4). */
  readonly jobs: JobEngine;
  /** The embedded lab fabric: its operation log, faults and reset. */
  readonly lab: LabFabric;
  /** The lab behind fabric port v2 (adapter faults: throttling, transient refusals, lost answers). */
  readonly labAdapter: LabPortAdapter;
  /** Site → fabric adapter (port v2). */
  readonly fabric: FabricRegistry;
  /** The intent journal of fabric calls. */
  readonly fabricCalls: FabricCallStore;
  readonly audit: AuditLog;
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
}

/** Lab only: a provider certificate "installed" after the estate was seeded updates the live vaults too. */
function applyLabProviderCertificatesToState(state: EstateState, db: DatabaseSync, dataDir: string): void {
  if (!existsSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE))) return;
  const estate = applyLabProviderCertificates(state.estate(), dataDir);
  inTransaction(db, () => estate.sites.forEach((site) => state.persist(db, 'site', site)));
}

export function createAppContext(options: AppContextOptions): AppContext {
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME));
  const keychain = options.keychain ?? createKeychain();
  const batcher = new WriteBatcher(db);
  // The lab file seeds the live estate on first open only; afterwards the database is the truth.
  const state = new EstateState(db, batcher, () => applyLabProviderCertificates(loadLabEstate(resourcesDir, clock), options.dataDir));
  applyLabProviderCertificatesToState(state, db, options.dataDir);
  const store = new JobStore(db);
  const audit = new AuditLog();
  // Finding 4: a script added or edited in a plan runs on this host during a failover; who changed it is audited.
  const auditScriptChanges = (conn: DatabaseSync, before: RecoveryPlan | undefined, after: RecoveryPlan) => {
    for (const change of scriptChanges(before, after)) audit.append(conn, { at: clock.now().toISOString(), action: `plan.script-${change.change}`, details: { ...change } });
  };
  const events = new EventHub();
  const certificates = options.certificates ?? createCertificateBindings({ db, dataDir: options.dataDir, keychain });
  const lab = new LabFabric(db, batcher, state, clock);
  // Until the separated lab lands, the embedded lab is the one fabric, behind port v2, for every site.
  const labAdapter = new LabPortAdapter(lab);
  const labSettings = labAdapterSettingsFromEnv(process.env.FAILOVER_CONSOLE_LAB_ADAPTER);
  for (const fault of labSettings.faults) labAdapter.addFault(fault);
  const registry = new StaticFabricRegistry({}, labAdapter);
  const fabricCalls = new FabricCallStore(db);
  const calls = new FabricCaller({
    registry,
    store: fabricCalls,
    batcher,
    policies: retryPolicies({ ...labSettings.retry, ...options.retryPolicy }),
    sleep: options.sleep ?? realSleep,
    now: () => clock.now().toISOString(),
  });
  const jobs = new JobEngine({
    db,
    batcher,
    store,
    audit,
    registry,
    calls,
    clock,
    events,
    estate: () => state.estate(),
    preflight: options.preflight ?? rulesPreflight,
    certificates,
    ...(options.maxParallelItems ? { maxParallelItems: options.maxParallelItems } : {}),
    ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
    ...(options.cancelGraceMs ? { cancelGraceMs: options.cancelGraceMs } : {}),
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
      async addAction(planId, groupId, position, action) {
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
          auditScriptChanges(db, before, plan);
        });
        events.publish('estate:changed', { itemIds: [] });
        return plan;
      },
      async save(plan) {
        const before = state.estate().plans.find((candidate) => candidate.id === plan.id);
        state.savePlan(plan, (conn) => auditScriptChanges(conn, before, plan));
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
    labAdapter,
    fabric: registry,
    fabricCalls,
    audit,
    close() {
      if (closed) return;
      closed = true;
      jobs.close();
      batcher.close();
      db.close();
    },
  };
}
