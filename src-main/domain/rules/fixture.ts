// Test support for the rule specs: the real lab estate at a fixed instant, and a context to vary.
import { defaultResourcesDir } from '../../application/paths.ts';
import { loadLabEstate } from '../estate/load-estate.ts';
import type { CertificateFacts } from '../model/certificate.ts';
import type { Estate, ProtectedItem, Site } from '../model/estate.ts';
import type { Check, CheckRuleId, OperationRequest, PreflightContext } from '../model/operation.ts';
import { fixedClock } from '../time/clock.ts';
import { preflight } from './preflight.ts';

export const NOW = new Date('2026-11-29T12:00:00.000Z');

/** A fresh copy of the lab estate each call, so a test may change it freely. */
export function lab(): Estate {
  return loadLabEstate(defaultResourcesDir(), fixedClock(NOW));
}

export const LAB_THUMBPRINT = '3F2A9C1D7E5B4A6F8091A2B3C4D5E6F708192A3B';

export function certificate(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    thumbprint: LAB_THUMBPRINT,
    subject: 'CN=CloudEncryption',
    issuer: 'CN=CloudEncryption',
    serialNumber: '01',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2028-01-01T00:00:00.000Z',
    keyUsage: ['keyEncipherment'],
    hasPrivateKey: true,
    passwordOpens: true,
    ...overrides,
  };
}

export function context(overrides: Partial<PreflightContext> = {}): PreflightContext {
  return { now: NOW, certificate: null, busyItemIds: new Set(), ...overrides };
}

export function run(estate: Estate, request: OperationRequest, overrides: Partial<PreflightContext> = {}): Check[] {
  return preflight(estate, request, context(overrides));
}

export function itemOf(estate: Estate, id: string): ProtectedItem {
  const item = estate.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in the lab`);
  return item;
}

export function siteOf(estate: Estate, id: string): Site {
  const site = estate.sites.find((s) => s.id === id);
  if (!site) throw new Error(`no site ${id} in the lab`);
  return site;
}

export function withRule(checks: readonly Check[], ruleId: CheckRuleId, status?: Check['status']): Check[] {
  return checks.filter((c) => c.ruleId === ruleId && (status === undefined || c.status === status));
}

export function failures(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.status === 'fail');
}
