import type { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { loadLabEstate } from '../engine/estate/load-estate.ts';
import type { Estate } from '../engine/model/estate.ts';
import { systemClock, type Clock } from '../engine/time/clock.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../store/database.ts';
import { EventHub } from './events.ts';
import { defaultResourcesDir } from './paths.ts';
import { AppError } from '../contract/errors.ts';
import { NO_FILE_PICKER, type CertificateBindings, type FilePicker, type PlanEditor } from './services.ts';
import { createKeychain, type Keychain } from '../secrets/keychain.ts';
import { createCertificateBindings } from '../certificates/bindings.ts';
import { applyLabProviderCertificates } from '../certificates/lab-provider-certificates.ts';

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
  close(): void;
}

export interface AppContextOptions {
  dataDir: string;
  resourcesDir?: string;
  clock?: Clock;
  keychain?: Keychain;
  filePicker?: FilePicker;
}

export function createAppContext(options: AppContextOptions): AppContext {
  const resourcesDir = options.resourcesDir ?? defaultResourcesDir();
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME));
  const estate = applyLabProviderCertificates(loadLabEstate(resourcesDir, clock), options.dataDir);
  const keychain = options.keychain ?? createKeychain();
  let closed = false;
  return {
    dataDir: options.dataDir,
    resourcesDir,
    db,
    clock,
    events: new EventHub(),
    estate: () => estate,
    busyItemIds: () => new Set<string>(),
    certificates: createCertificateBindings({ db, dataDir: options.dataDir, keychain }),
    keychain,
    filePicker: options.filePicker ?? NO_FILE_PICKER,
    plans: {
      async addAction(planId, groupId, position, action) {
        const plan = estate.plans.find((p) => p.id === planId);
        const group = plan?.groups.find((g) => g.id === groupId);
        if (!plan || !group) throw new AppError('NOT_FOUND', `There is no group "${groupId}" in plan "${planId}".`);
        group[position].push(action);
        return plan;
      },
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
