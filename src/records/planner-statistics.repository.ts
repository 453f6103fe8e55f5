import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The planner's statistics of the hot tables: what a bulk import reads and refreshes. */
@Injectable()
export class PlannerStatisticsRepository {
  /**
   * ANALYZE of the tables the linker's queries plan on, by a function running with the owner's
   * rights (the service's role owns nothing; see the planner-statistics-function migration).
   */
  async analyzeHotTables(manager: EntityManager): Promise<void> {
    await manager.query(`select refresh_planner_statistics()`);
  }

  /** Source records stored, as the planner last counted them (0 before any count). */
  async storedRecordEstimate(manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'source_record'::regclass`,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
