import type { Executor } from '../database.js';
import { monthOf } from './terms.repository.js';

/** How many audit events of each of `actions` there were in each calendar month (UTC). */
export function countAuditActionsByMonth(db: Executor, actions: readonly string[]) {
  const month = monthOf(db, 'occurred_at');
  return db
    .selectFrom('auditEvents')
    .select(['action', month.as('month'), (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('action', 'in', [...actions])
    .groupBy(['action', month])
    .execute();
}
