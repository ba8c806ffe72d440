import type { CompiledQuery, Compilable } from 'kysely';
import type { Executor } from './database.js';

/**
 * A query whose shape never changes, compiled once per database and then run with new
 * arguments: building and compiling a Kysely query (and the CamelCase plugin's walk over it)
 * was a quarter of a verify request's CPU, ~90 µs per query, for SQL that is the same every
 * time.
 *
 * `build` receives one placeholder per argument; the query is compiled with them and, at each
 * call, every parameter that is a placeholder is replaced by the matching argument (constants
 * the query holds itself stay). Rows go through the same plugins as any Kysely query. Only for
 * queries whose SQL does not depend on the arguments' values (no `in (…)` lists, no optional
 * clauses) — `build` must use each placeholder as a plain parameter.
 */
export function reusableQuery<Args extends readonly unknown[], Row>(
  build: (db: Executor, ...args: Args) => Compilable<Row>,
): (db: Executor, ...args: Args) => Promise<Row[]> {
  const compiled = new WeakMap<Executor, { query: CompiledQuery<Row>; slots: number[] }>();
  return async (db, ...args) => {
    let entry = compiled.get(db);
    if (entry === undefined) {
      const placeholders = args.map((_, index) => `\u0000certa-argument-${index}\u0000`);
      const query = build(db, ...(placeholders as unknown as Args)).compile();
      const slots = query.parameters.map((parameter) =>
        typeof parameter === 'string' ? placeholders.indexOf(parameter) : -1,
      );
      if (placeholders.some((placeholder) => !query.parameters.includes(placeholder))) {
        throw new Error(`a reusable query does not use all its arguments: ${query.sql}`);
      }
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((parameter, index) => {
      const slot = slots[index] ?? -1;
      return slot === -1 ? parameter : args[slot];
    });
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
