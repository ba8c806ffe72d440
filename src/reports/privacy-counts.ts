import type { Executor } from '../db/database.js';
import { countAuditActionsByMonth } from '../db/repositories/report.repository.js';
import { countAcceptancesByMonth } from '../db/repositories/terms.repository.js';

/**
 * What the DPO counts, and the audit actions each count is made of (the actions the privacy use
 * cases record, src/privacy/privacy-actions.ts): holders' requests by e-mail, views of their
 * data, exports, restrictions, erasures (by holders, issuers and retention alike), retention runs.
 */
export const COUNTED_ACTIONS = {
  requests: ['recipient.request_made'],
  requestsConfirmed: ['recipient.request_confirmed'],
  dataViews: ['document.data_viewed'],
  exports: ['document.exported'],
  restrictions: ['document.restricted'],
  restrictionsLifted: ['document.unrestricted'],
  erasures: ['document.erased'],
  retentionRuns: ['organisation.retention_run'],
} as const;

export type CountName = keyof typeof COUNTED_ACTIONS | 'recipientConsents' | 'issuerConsents';

export const COUNT_NAMES: readonly CountName[] = [
  ...(Object.keys(COUNTED_ACTIONS) as Array<keyof typeof COUNTED_ACTIONS>),
  'recipientConsents',
  'issuerConsents',
];

export type Counts = Record<CountName, number>;

export interface PrivacyCounts {
  /** One row per calendar month (UTC, YYYY-MM) that has anything, oldest first. */
  months: Array<{ month: string } & Counts>;
  totals: Counts;
}

function zero(): Counts {
  return Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Counts;
}

/** The counts of rights exercised and consents given, by month and in total. */
export async function countPrivacyEvents(db: Executor): Promise<PrivacyCounts> {
  const nameOfAction = new Map<string, CountName>();
  for (const [name, actions] of Object.entries(COUNTED_ACTIONS))
    for (const action of actions) nameOfAction.set(action, name as CountName);
  const [events, consents] = await Promise.all([
    countAuditActionsByMonth(db, [...nameOfAction.keys()]),
    countAcceptancesByMonth(db),
  ]);
  const months = new Map<string, Counts>();
  const totals = zero();
  const add = (month: string, name: CountName, count: number) => {
    const row = months.get(month) ?? zero();
    row[name] += count;
    months.set(month, row);
    totals[name] += count;
  };
  for (const event of events) {
    const name = nameOfAction.get(event.action);
    if (name !== undefined) add(event.month, name, Number(event.count));
  }
  for (const consent of consents)
    add(
      consent.month,
      consent.kind === 'issuer' ? 'issuerConsents' : 'recipientConsents',
      Number(consent.count),
    );
  return {
    months: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, counts]) => ({ month, ...counts })),
    totals,
  };
}
