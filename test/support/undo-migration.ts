import { DataSource } from 'typeorm';
import { NO_SESSION_LIMITS, dataSourceOptions } from '../../src/database/data-source-options';

/**
 * Undoes migrations, newest first, as the database's owner, until `name` is no longer applied:
 * a test of a migration stores rows under the schema before it, then applies it again.
 */
export async function undoMigrationsThrough(name: string): Promise<void> {
  const owner = new DataSource(
    dataSourceOptions(process.env.MPI_DATABASE_OWNER_URL ?? '', NO_SESSION_LIMITS),
  );
  await owner.initialize();
  try {
    const applied = async (): Promise<boolean> =>
      (await owner.query(`select 1 from migrations where name = $1`, [name])).length > 0;
    while (await applied()) await owner.undoLastMigration({ transaction: 'each' });
  } finally {
    await owner.destroy();
  }
}
