// Seams between domains. Each has a harmless default here and is replaced by the domain that owns it,
// so the rules, the engine and the keychain can grow independently behind one AppContext.
import type { PlanAction, RecoveryPlan } from '../domain/model/estate.ts';
import type { CertificateFacts } from '../domain/model/certificate.ts';
import { AppError } from '../contract/errors.ts';
import type { RequestContext } from './request-context.ts';

export interface CertificateBindings {
  /** The certificate bound to an encrypted cloud (or site), or null when none is bound. */
  factsFor(scopeId: string): Promise<CertificateFacts | null>;
}

export const NO_CERTIFICATE_BINDINGS: CertificateBindings = { factsFor: async () => null };


/** Plan edits (AD/DNS "Add to plan", the plan editor). The engine persists them; the default keeps them in memory. */
/** One entry of the audit trail: what was done, with details that never hold a secret. */
export interface AuditEvent {
  action: string;
  details: Record<string, unknown>;
}

/**
 * The audit trail for changes made outside the job engine (certificate bindings, secrets): the actor is the
 * caller's principal (docs/architecture.md, "Request context").
 */
export interface AuditTrail {
  /** Runs `work` and appends the entry it yields (none when it yields null) in one transaction. */
  record<T>(context: RequestContext, work: () => T, entry: (result: T) => AuditEvent | null): T;
}

export interface PlanEditor {
  // `context` is the caller's: the audit trail records its principal as who changed a plan's scripts.
  // Handlers always pass theirs; in-process callers (tests, seeding) that pass none act as the console itself.
  addAction(planId: string, groupId: string, position: 'before' | 'after', action: PlanAction, context?: RequestContext): Promise<RecoveryPlan>;
  /** Stores a plan the engine has already validated (src-main/domain/plans/validate-plan.ts). */
  save(plan: RecoveryPlan, context?: RequestContext): Promise<RecoveryPlan>;
  remove(planId: string): Promise<void>;
}

/** The desktop's native open dialog (Electron). Elsewhere there is none: the renderer uploads the file instead. */
export interface FilePicker {
  /** The chosen file's path, or null when the operator cancelled. */
  pickCertificateFile(): Promise<string | null>;
}

export const NO_FILE_PICKER: FilePicker = {
  pickCertificateFile: async () => {
    throw new AppError('OPERATION_NOT_ALLOWED', 'There is no native file dialog here: upload the certificate file instead.');
  },
};
