import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { copyIn, copyLine } from '../database/copy-in';
import { StatementPart, runParts } from '../database/statement-parts';
import { explanationOf, packExplanation } from './stored-explanation';

export interface LinkEventInput {
  actor: string;
  kind: string;
  recordId?: string | null;
  personId?: string | null;
  fromPersonId?: string | null;
  probability?: number | null;
  weight?: number | null;
  explanation?: unknown;
  reason?: string | null;
  undoOf?: number | null;
  state?: Record<string, unknown>;
}

/** A record's link to its person, with the score that made it (null for a person of its own). */
export interface LinkRow {
  recordId: string;
  personId: string;
  kind: 'auto' | 'manual';
  probability: number | null;
  weight: number | null;
}

/**
 * Owner of `record_link`, `link_event` and `hard_no`: which person each record is in, every
 * change of that with who, when and why, and the stewards' "not a match" pairs. Callers hold
 * the transaction.
 */
@Injectable()
export class LinkRepository {
  async setLink(
    manager: EntityManager,
    recordId: string,
    personId: string,
    kind: 'auto' | 'manual',
    score: { probability: number | null; weight: number | null },
  ): Promise<void> {
    await manager.query(
      `insert into record_link (record_id, person_id, kind, probability, weight) values ($1, $2, $3, $4, $5)
       on conflict (record_id) do update set person_id = excluded.person_id, kind = excluded.kind,
         probability = excluded.probability, weight = excluded.weight, linked_at = now()`,
      [recordId, personId, kind, score.probability, score.weight],
    );
  }

  /** New records' links by COPY (a bulk load: none of the records has a link yet). */
  async copyLinks(manager: EntityManager, links: readonly LinkRow[]): Promise<void> {
    if (links.length === 0) return;
    await copyIn(
      manager,
      'copy record_link (record_id, person_id, kind, probability, weight) from stdin',
      links.map((l) => copyLine([l.recordId, l.personId, l.kind, l.probability, l.weight])),
    );
  }

  /** Links of records whose link row may exist already (setLinksPart, on its own). */
  async setLinks(manager: EntityManager, links: readonly LinkRow[]): Promise<void> {
    if (links.length > 0) await runParts(manager, [setLinksPart(links)]);
  }

  /** Link events by COPY (a bulk load), the columns insertEvents writes. */
  async copyEvents(manager: EntityManager, events: readonly LinkEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await copyIn(
      manager,
      'copy link_event (actor, kind, record_id, person_id, from_person_id, probability, weight, explanation_packed, state) from stdin',
      events.map((e) =>
        copyLine([
          e.actor,
          e.kind,
          e.recordId,
          e.personId,
          e.fromPersonId,
          e.probability,
          e.weight,
          e.explanation === undefined || e.explanation === null
            ? null
            : `\\x${packExplanation(e.explanation).toString('hex')}`,
          JSON.stringify(e.state ?? {}),
        ]),
      ),
    );
  }

  async addHardNo(manager: EntityManager, a: string, b: string, actor: string): Promise<void> {
    const [first, second] = a < b ? [a, b] : [b, a];
    await manager.query(
      `insert into hard_no (record_a, record_b, decided_by) values ($1, $2, $3) on conflict do nothing`,
      [first, second, actor],
    );
  }

  /** Every steward "not a match" pair, for a linker that holds the whole store (a bulk load). */
  async allHardNo(manager: EntityManager): Promise<unknown[]> {
    return manager.query(`select record_a, record_b from hard_no`);
  }

  /** Forgets a steward's "not a match" between two records (`a` < `b`). */
  async forgetHardNo(manager: EntityManager, a: string, b: string): Promise<void> {
    await manager.query(`delete from hard_no where record_a = $1 and record_b = $2`, [a, b]);
  }

  async insertEvent(manager: EntityManager, e: LinkEventInput): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `insert into link_event (actor, kind, record_id, person_id, from_person_id, probability, weight, explanation_packed, reason, undo_of, state)
       values ($1, $2, $3, $4, $5, $6, $7, $8::bytea, $9, $10, $11::jsonb) returning id`,
      [
        e.actor,
        e.kind,
        e.recordId ?? null,
        e.personId ?? null,
        e.fromPersonId ?? null,
        e.probability ?? null,
        e.weight ?? null,
        e.explanation === undefined || e.explanation === null
          ? null
          : packExplanation(e.explanation),
        e.reason ?? null,
        e.undoOf ?? null,
        JSON.stringify(e.state ?? {}),
      ],
    );
    return Number(rows[0]?.id);
  }

  /** One event row, locked against a second undo of it. */
  async lockEvent<T>(manager: EntityManager, eventId: number): Promise<T | undefined> {
    const rows: T[] = await manager.query(`select * from link_event where id = $1 for update`, [
      eventId,
    ]);
    return rows[0];
  }

  async markUndone(manager: EntityManager, eventId: number, undoId: number): Promise<void> {
    await manager.query(`update link_event set undone_by = $2 where id = $1`, [eventId, undoId]);
  }

  /** Every link event of a person (as it or as the person left), oldest first. */
  async eventsOfPerson(manager: EntityManager, personId: string): Promise<unknown[]> {
    const rows: { explanation: unknown; explanation_packed: Buffer | null }[] = await manager.query(
      `select id, at, actor, kind, record_id, person_id, from_person_id, probability, weight, reason, undo_of, undone_by,
              explanation, explanation_packed
         from link_event where person_id = $1 or from_person_id = $1 order by at, id`,
      [personId],
    );
    return rows.map(({ explanation_packed, ...row }) => ({
      ...row,
      explanation: explanationOf({ explanation: row.explanation, explanation_packed }),
    }));
  }
}

/** A batch's links (setLinks), as a part of a statement that writes other rows too. */
export function setLinksPart(links: readonly LinkRow[]): StatementPart {
  return {
    ctes: (p) => `links_set as (
    insert into record_link (record_id, person_id, kind, probability, weight)
    select * from unnest(${p(links.map((l) => l.recordId))}::uuid[], ${p(links.map((l) => l.personId))}::uuid[],
                         ${p(links.map((l) => l.kind))}::text[], ${p(links.map((l) => l.probability))}::float8[],
                         ${p(links.map((l) => l.weight))}::float8[])
    on conflict (record_id) do update set person_id = excluded.person_id, kind = excluded.kind,
      probability = excluded.probability, weight = excluded.weight, linked_at = now()
  )`,
  };
}

/** A batch's link events (insertEvents), as a part. */
export function insertEventsPart(events: readonly LinkEventInput[]): StatementPart {
  return {
    ctes: (p) => `events_added as (
    insert into link_event (actor, kind, record_id, person_id, from_person_id, probability, weight, explanation_packed, state)
    select x.a, x.k, x.r, x.p, x.f, x.pr, x.w, decode(x.e, 'base64'), coalesce(x.s, '{}')
      from json_to_recordset(${p(
        JSON.stringify(
          events.map((e) => ({
            a: e.actor,
            k: e.kind,
            r: e.recordId ?? null,
            p: e.personId ?? null,
            f: e.fromPersonId ?? null,
            pr: e.probability ?? null,
            w: e.weight ?? null,
            e:
              e.explanation === undefined || e.explanation === null
                ? null
                : packExplanation(e.explanation).toString('base64'),
            s: e.state ?? null,
          })),
        ),
      )}::json)
        as x(a text, k text, r uuid, p uuid, f uuid, pr float8, w float8, e text, s jsonb)
  )`,
  };
}

/** Steward "not a match" pairs touching any of the records (hardNoPairs), as a part. */
export function hardNoPart(recordIds: readonly string[]): StatementPart {
  return {
    ctes: (p) => `hard_nos as (
    select record_a, record_b from hard_no
     where record_a = any(${p(recordIds)}::uuid[]) or record_b = any(${p(recordIds)}::uuid[])
  )`,
    returns: 'hard_nos',
  };
}
