import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The tables the linker's queries plan on: a bulk load re-samples them (statistics-refresh.ts). */
const HOT_TABLES = 'source_record, record_block_key, record_link, person, name_frequency';

/** The planner's statistics of the hot tables: what a bulk import reads and refreshes. */
@Injectable()
export class PlannerStatisticsRepository {
  async analyzeHotTables(manager: EntityManager): Promise<void> {
    await manager.query(`analyze ${HOT_TABLES}`);
  }

  /** Source records stored, as the planner last counted them (0 before any count). */
  async storedRecordEstimate(manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'source_record'::regclass`,
    );
    return Number(rows[0]?.n ?? 0);
  }
}
