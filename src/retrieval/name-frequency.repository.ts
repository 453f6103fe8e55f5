import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

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

  /** How many records carry each of these given and family names now, in one round trip. */
  async countsOf(
    manager: EntityManager,
    names: { readonly given: readonly string[]; readonly family: readonly string[] },
  ): Promise<{ given: Map<string, number>; family: Map<string, number> }> {
    const counts = { given: new Map<string, number>(), family: new Map<string, number>() };
    if (names.given.length === 0 && names.family.length === 0) return counts;
    const rows: { field: 'given' | 'family'; value: string; count: number }[] = await manager.query(
      `select field, value, count from name_frequency
          where (field = 'given' and value = any($1::text[]))
             or (field = 'family' and value = any($2::text[]))`,
      [[...new Set(names.given)], [...new Set(names.family)]],
    );
    for (const r of rows) counts[r.field].set(r.value, r.count);
    return counts;
  }

  /** Adds each delta (keys `field\0value`) to its count, never below zero. */
  async adjust(manager: EntityManager, deltas: Map<string, number>): Promise<void> {
    const entries = [...deltas.entries()]
      .filter(([, d]) => d !== 0)
      .sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return;
    const fields = entries.map(([k]) => k.slice(0, k.indexOf('\u0000')));
    const values = entries.map(([k]) => k.slice(k.indexOf('\u0000') + 1));
    await manager.query(
      `insert into name_frequency (field, value, count)
       select * from unnest($1::text[], $2::text[], $3::int[])
       on conflict (field, value) do update set count = greatest(0, name_frequency.count + excluded.count)`,
      [fields, values, entries.map(([, d]) => d)],
    );
  }
}
