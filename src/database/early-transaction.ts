import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * A transaction begun before its work is ready: its START TRANSACTION is sent at once, so its
 * round trip passes while the caller still waits on something else (the HL7 feed's reads and
 * the round before), not on the work's path. node-postgres sends a statement only once the one
 * before is answered, so a transaction begun with its work costs a round trip of its own.
 *
 * Beginning early changes nothing the work reads or locks: under READ COMMITTED a transaction
 * takes its snapshot at each statement, and BEGIN takes no snapshot, no lock and no
 * transaction id. It only holds a pool connection meanwhile.
 *
 * Used once: `run` as DataSource.transaction does (commit, or rollback on an error), or
 * `abandon` when the work does not come.
 */
export class EarlyTransaction {
  private readonly runner: QueryRunner;
  private readonly begun: Promise<void>;
  private used = false;

  constructor(dataSource: DataSource) {
    this.runner = dataSource.createQueryRunner();
    this.begun = this.runner.startTransaction();
    // Awaited by run or abandon; a failed BEGIN must not also surface as an unhandled rejection.
    this.begun.catch(() => undefined);
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.claim();
    try {
      await this.begun;
      const result = await work(this.runner.manager);
      await this.runner.commitTransaction();
      return result;
    } catch (error) {
      await this.runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await this.runner.release();
    }
  }

  /** Rolls back and returns the connection; nothing when it was used already. */
  async abandon(): Promise<void> {
    if (this.used) return;
    this.claim();
    try {
      await this.begun;
      await this.runner.rollbackTransaction();
    } catch {
      // A transaction that failed to begin, or whose connection is gone: nothing to undo.
    } finally {
      await this.runner.release();
    }
  }

  private claim(): void {
    if (this.used) throw new Error('an early transaction is used once');
    this.used = true;
  }
}
