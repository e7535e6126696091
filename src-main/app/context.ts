import type { DatabaseSync } from 'node:sqlite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabEstate } from '../engine/estate/load-estate.ts';
import type { Estate, RecoveryPlan, Site } from '../engine/model/estate.ts';
import type { Preflight } from '../engine/model/operation.ts';
import { systemClock, type Clock } from '../engine/time/clock.ts';
import { LabAdapter } from '../adapters/lab/lab-adapter.ts';
import { importLegacyLabState, legacyLabSeed } from '../adapters/lab/lab-upgrade.ts';
import { PortFabric } from '../engine/fabric/port-fabric.ts';
import type { FabricRegistry } from '../engine/ports/fabric-port.ts';
import { SiteFabricRegistry } from './fabric-registry.ts';
import { labConsole, type LabConsole } from './lab-console.ts';
import { JobEngine } from '../engine/orchestrator/job-engine.ts';
import { scriptChanges } from '../engine/orchestrator/plan-actions.ts';
import { preflight as rulesPreflight } from '../engine/rules/preflight.ts';
import { AuditLog } from '../store/audit-log.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../store/database.ts';
import { EstateReadModel } from '../store/estate-read-model.ts';
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
  /** The embedded lab fabric's own console: settings, faults, reset, its operation log, test resources. */
  readonly lab: LabConsole;
  /** Routes each site to its fabric adapter (fabric port v2); the estate read model is fed from them. */
  readonly fabrics: FabricRegistry;
  /** The estate read model: re-reads the adapters' inventory (an in-process lab is fresh on every read). */
  refreshEstate(itemIds?: readonly string[]): Promise<Estate>;
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
  /** Long-running hosts (desktop, web host) resume jobs and force-complete stale tests in the background. */
  background?: boolean;
}

/** Lab only: a provider certificate "installed" after the lab was seeded updates its vaults too. */
function applyLabProviderCertificatesToLab(lab: LabAdapter, dataDir: string): void {
  if (!existsSync(join(dataDir, LAB_PROVIDER_CERTIFICATES_FILE))) return;
  const { inventory } = lab.inventorySnapshot();
  const patched = applyLabProviderCertificates(structuredClone({ name: '', networkMappings: [], items: [], plans: [], sites: inventory.sites as Site[] }), dataDir);
  lab.control.updateSites((site) => patched.sites.find((candidate) => candidate.id === site.id));
}

export function createAppContext(options: AppContextOptions): AppContext {
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME));
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
  applyLabProviderCertificatesToLab(lab, options.dataDir);
  const fabrics = new SiteFabricRegistry([lab], (adapter) => (adapter === lab ? lab.inventorySnapshot().inventory.sites.map((site) => (site as Site).id) : []));
  const state = new EstateReadModel(db, [{ adapter: lab, snapshot: () => lab.inventorySnapshot() }], () => seedEstate().plans);
  const store = new JobStore(db);
  const audit = new AuditLog();
  // Finding 4: a script added or edited in a plan runs on this host during a failover; who changed it is audited.
  const auditScriptChanges = (conn: DatabaseSync, before: RecoveryPlan | undefined, after: RecoveryPlan) => {
    for (const change of scriptChanges(before, after)) audit.append(conn, { at: clock.now().toISOString(), action: `plan.script-${change.change}`, details: { ...change } });
  };
  const events = new EventHub();
  const certificates = options.certificates ?? createCertificateBindings({ db, dataDir: options.dataDir, keychain });
  const stepTimeoutMs = options.stepTimeoutMs ?? 30 * 60_000;
  const jobs = new JobEngine({
    db,
    batcher,
    store,
    audit,
    // The runner still calls the step-by-step interface; PortFabric drives the lab through the port.
    fabric: new PortFabric(lab, { giveUpAfterMs: stepTimeoutMs + 5_000 }),
    clock,
    events,
    estate: () => state.estate(),
    preflight: options.preflight ?? rulesPreflight,
    certificates,
    ...(options.maxParallelItems ? { maxParallelItems: options.maxParallelItems } : {}),
    ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
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
        // Commit, then publish: the edited copy reaches the estate only once its transaction committed, so a
        // refused save can never leave an unsaved, unaudited script in the next failover.
        const edited = structuredClone(plan);
        edited.groups.find((g) => g.id === groupId)![position].push(action);
        state.savePlan(edited, (conn) => auditScriptChanges(conn, plan, edited));
        events.publish('estate:changed', { itemIds: [] });
        return edited;
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
    lab: labConsole(lab, state),
    fabrics,
    refreshEstate: (itemIds) => state.refresh(itemIds),
    audit,
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
