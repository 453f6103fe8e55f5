import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StatementPart, runParts } from '../database/statement-parts';

/**
 * Owner of `name_frequency`: how many stored records carry each given and family name,
 * kept current inside each ingest transaction, for term-frequency adjustment.
 */
@Injectable()
export class NameFrequencyRepository {
  /** Every name carried by at least one record. */
  async allCarried(
    manager: EntityManager,
  ): Promise<{ field: string; value: string; count: number }[]> {
    return manager.query(`select field, value, count from name_frequency where count > 0`);
  }

  /** Adds each delta (keys `field\0value`) to its count, never below zero. */
  async adjust(manager: EntityManager, deltas: Map<string, number>): Promise<void> {
    const part = adjustPart(deltas);
    if (part) await runParts(manager, [part]);
  }
}

/**
 * How many records carry each of these names now (countsOf), as a part; with `alsoFrom`, the
 * given and family names of the rows of another part's CTE (its `demographics` column) too.
 */
export function nameCountsPart(
  names: { readonly given: readonly string[]; readonly family: readonly string[] },
  alsoFrom?: string,
): StatementPart {
  const also = (field: string): string =>
    alsoFrom ? ` || array(select m.demographics->>'${field}' from ${alsoFrom} m)` : '';
  return {
    ctes: (p) => `names_counted as (
    select field, value, count from name_frequency
     where (field = 'given' and value = any(${p([...new Set(names.given)])}::text[]${also('givenName')}))
        or (field = 'family' and value = any(${p([...new Set(names.family)])}::text[]${also('familyName')}))
  )`,
    returns: 'names_counted',
  };
}

/** The rows of nameCountsPart by field and name. */
export function nameCounts(rows: readonly unknown[]): {
  given: Map<string, number>;
  family: Map<string, number>;
} {
  const counts = { given: new Map<string, number>(), family: new Map<string, number>() };
  for (const r of rows as { field: 'given' | 'family'; value: string; count: number }[])
    counts[r.field].set(r.value, r.count);
  return counts;
}

/**
 * Adds each delta (keys `field\0value`) to its count, never below zero (adjust), as a part;
 * null when nothing changes. Rows are locked in name order, as adjust locks them. Its CTE is
 * `names_adjusted` (a row per name): a part that must lock after it can wait for it to finish.
 */
export function adjustPart(deltas: ReadonlyMap<string, number>): StatementPart | null {
  const entries = [...deltas.entries()]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  const fields = entries.map(([k]) => k.slice(0, k.indexOf('\u0000')));
  const values = entries.map(([k]) => k.slice(k.indexOf('\u0000') + 1));
  return {
    ctes: (p) => `names_adjusted as (
    insert into name_frequency (field, value, count)
    select * from unnest(${p(fields)}::text[], ${p(values)}::text[], ${p(entries.map(([, d]) => d))}::int[])
    on conflict (field, value) do update set count = greatest(0, name_frequency.count + excluded.count)
    returning 1
  )`,
  };
}
