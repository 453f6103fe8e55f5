import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MatchModel } from '../matching/model/match-model';

/** Owner of `match_model`: every trained model version, the newest one scoring. */
@Injectable()
export class MatchModelRepository {
  /** The newest saved model as stored (unparsed), or undefined before any training. */
  async newest(manager: EntityManager): Promise<unknown> {
    const rows: { model: unknown }[] = await manager.query(
      `select model from match_model order by version desc limit 1`,
    );
    return rows[0]?.model;
  }

  async insert(
    manager: EntityManager,
    model: MatchModel,
    summary: unknown,
    actor: string,
  ): Promise<void> {
    await manager.query(
      `insert into match_model (version, model, summary, created_by) values ($1, $2::jsonb, $3::jsonb, $4)`,
      [model.version, JSON.stringify(model), JSON.stringify(summary), actor],
    );
  }
}
