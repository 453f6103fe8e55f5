import { DataSource, EntityManager } from 'typeorm';

/** Connections that build the indexes at once: one per core of the reference machine. */
const BUILDERS = 2;

/**
 * The secondary indexes a bulk load goes without (migration 1767200000000 lists them: FHIR
 * Patient search's, the blocking keys' by record, link history's; none is read by `$match` or
 * the linker). Building one at the end, sorted once, costs a fraction of keeping it up to date
 * a row at a time; the functions run with the owner's rights, as the service's role owns no
 * table.
 */
export const bulkLoadIndexes = {
  /** Drops them, in the caller's transaction. */
  async drop(manager: EntityManager): Promise<void> {
    await manager.query(`select drop_bulk_load_indexes()`);
  },

  /**
   * Builds those missing, split over BUILDERS connections of the pool (PostgreSQL builds
   * several indexes of one table at once: each takes a SHARE lock, which others share).
   * Returns how many it built. Writes to the tables wait meanwhile; reads do not.
   */
  async restore(dataSource: DataSource): Promise<number> {
    const built = await Promise.all(
      Array.from({ length: BUILDERS }, async (_, part) => {
        const rows: { built: number }[] = await dataSource.query(
          `select restore_bulk_load_indexes($1, $2) as built`,
          [part, BUILDERS],
        );
        return rows[0]?.built ?? 0;
      }),
    );
    return built.reduce((a, b) => a + b, 0);
  },
};
