import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The persons of a PDQ answer still to send: ids and scores only, no patient data. */
export interface Continuation {
  pointer: string;
  sender: string;
  queryTag: string;
  queryHash: string;
  personIds: string[];
  scores: number[];
  position: number;
}

/** PDQ continuation pointers in the database, so that any instance continues a query. */
@Injectable()
export class Hl7ContinuationRepository {
  async save(manager: EntityManager, c: Continuation, ttlSeconds: number): Promise<void> {
    await manager.query(
      `insert into hl7_query_continuation
         (pointer, sender, query_tag, query_hash, person_ids, scores, position, expires_at)
       values ($1, $2, $3, $4, $5::uuid[], $6::float8[], $7, now() + make_interval(secs => $8))`,
      [c.pointer, c.sender, c.queryTag, c.queryHash, c.personIds, c.scores, c.position, ttlSeconds],
    );
  }

  /** A live pointer of this sender, locked for the page being served. */
  async take(
    manager: EntityManager,
    sender: string,
    pointer: string,
  ): Promise<Continuation | null> {
    const rows: {
      pointer: string;
      sender: string;
      query_tag: string;
      query_hash: string;
      person_ids: string[];
      scores: number[];
      position: number;
    }[] = await manager.query(
      `select pointer, sender, query_tag, query_hash, person_ids, scores, position
         from hl7_query_continuation
        where pointer = $1 and sender = $2 and expires_at > now() for update`,
      [pointer, sender],
    );
    const row = rows[0];
    return row
      ? {
          pointer: row.pointer,
          sender: row.sender,
          queryTag: row.query_tag,
          queryHash: row.query_hash,
          personIds: row.person_ids,
          scores: row.scores,
          position: row.position,
        }
      : null;
  }

  async advance(manager: EntityManager, pointer: string, position: number): Promise<void> {
    await manager.query(`update hl7_query_continuation set position = $2 where pointer = $1`, [
      pointer,
      position,
    ]);
  }

  async remove(manager: EntityManager, pointer: string): Promise<void> {
    await manager.query(`delete from hl7_query_continuation where pointer = $1`, [pointer]);
  }

  async purgeExpired(manager: EntityManager): Promise<void> {
    await manager.query(`delete from hl7_query_continuation where expires_at < now()`);
  }

  /** QCN^J01: the sender's pointers of one query; also sweeps expired pointers. Returns how many. */
  async cancel(manager: EntityManager, sender: string, queryTag: string): Promise<number> {
    const rows: unknown[] = await manager.query(
      `delete from hl7_query_continuation
        where (sender = $1 and query_tag = $2) or expires_at < now() returning 1`,
      [sender, queryTag],
    );
    return rows.length;
  }
}
