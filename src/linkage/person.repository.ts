import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { MatchFeatures } from '../matching/record-types';
import { Demographics } from '../formats/demographics';
import { Contributor, GoldenRecord, Pins } from './survivorship';

/** What the linker reads of a record: its features and its link, nothing to display. */
export interface MatchViewRecord {
  recordId: string;
  source: string;
  features: MatchFeatures;
  personId: string | null;
  linkKind: 'auto' | 'manual' | null;
}

export interface LinkedRecord extends MatchViewRecord {
  demographics: Demographics;
  changedAt: string;
}

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

/** A record as the match-view queries select it. */
interface MatchViewRow {
  id: string;
  source: string;
  features: MatchFeatures;
  person_id: string | null;
  kind: 'auto' | 'manual' | null;
}

function matchView(r: MatchViewRow): MatchViewRecord {
  return {
    recordId: r.id,
    source: r.source,
    features: r.features,
    personId: r.person_id,
    linkKind: r.kind,
  };
}

/**
 * Records with their links: the given records (linked or not), then every record of the given
 * persons. Every step is an index probe by a lateral lookup: a batch has thousands of
 * candidates, and with plain joins the planner hashes the whole of record_link, a cost that
 * grows with the store, not with the batch.
 */
const MATCH_VIEW_SQL = `
  select r.id, r.source, r.features, l.person_id, l.kind
    from unnest($1::uuid[]) as c(id)
    cross join lateral (select x.id, x.source, x.features from source_record x where x.id = c.id offset 0) r
    left join lateral (select y.person_id, y.kind from record_link y where y.record_id = c.id offset 0) l on true
  union all
  select r.id, r.source, r.features, l.person_id, l.kind
    from unnest($2::uuid[]) as p(id)
    cross join lateral (select y.record_id, y.person_id, y.kind from record_link y where y.person_id = p.id offset 0) l
    cross join lateral (select x.id, x.source, x.features from source_record x where x.id = l.record_id offset 0) r`;

/** SQL of persons, links and their history. Callers hold the transaction. */
@Injectable()
export class PersonRepository {
  async recordsById(manager: EntityManager, ids: string[]): Promise<LinkedRecord[]> {
    return this.selectRecords(manager, 'r.id = any($1::uuid[])', [ids]);
  }

  /**
   * What the linker reads of records, in one round trip: features and links, not demographics
   * (fetching a row costs more than scoring it). The given records (a batch, or its candidates)
   * and every record of the given persons; a record in both comes back twice, LinkState keeps
   * one.
   */
  async matchViewOf(
    manager: EntityManager,
    recordIds: string[],
    personIds: string[],
  ): Promise<MatchViewRecord[]> {
    if (recordIds.length === 0 && personIds.length === 0) return [];
    const rows = await preparedQuery<MatchViewRow>(manager, 'mpi_match_view_v3', MATCH_VIEW_SQL, [
      recordIds,
      personIds,
    ]);
    return rows.map(matchView);
  }

  /** What survivorship reads of a person's records: no features, which are most of a row. */
  async contributorsOfPersons(
    manager: EntityManager,
    personIds: string[],
  ): Promise<(Contributor & { personId: string })[]> {
    if (personIds.length === 0) return [];
    const rows: {
      id: string;
      source: string;
      demographics: Demographics;
      changed_at: Date;
      event_at: Date | null;
      person_id: string;
    }[] = await manager.query(
      `select r.id, r.source, r.demographics, r.changed_at, r.event_at, l.person_id
         from record_link l join source_record r on r.id = l.record_id
        where l.person_id = any($1::uuid[]) order by r.id`,
      [personIds],
    );
    return rows.map((r) => ({
      recordId: r.id,
      source: r.source,
      demographics: r.demographics,
      changedAt: r.changed_at.toISOString(),
      ...(r.event_at ? { eventAt: r.event_at.toISOString() } : {}),
      personId: r.person_id,
    }));
  }

  async recordsOfPersons(manager: EntityManager, personIds: string[]): Promise<LinkedRecord[]> {
    if (personIds.length === 0) return [];
    return this.selectRecords(manager, 'l.person_id = any($1::uuid[])', [personIds]);
  }

  private async selectRecords(
    manager: EntityManager,
    where: string,
    params: unknown[],
  ): Promise<LinkedRecord[]> {
    const rows: {
      id: string;
      source: string;
      features: MatchFeatures;
      demographics: Demographics;
      changed_at: Date;
      person_id: string | null;
      kind: 'auto' | 'manual' | null;
    }[] = await manager.query(
      `select r.id, r.source, r.features, r.demographics, r.changed_at, l.person_id, l.kind
         from source_record r left join record_link l on l.record_id = r.id
        where ${where} order by r.id`,
      params,
    );
    return rows.map((r) => ({
      recordId: r.id,
      source: r.source,
      features: r.features,
      demographics: r.demographics,
      changedAt: r.changed_at.toISOString(),
      personId: r.person_id,
      linkKind: r.kind,
    }));
  }

  async createPerson(manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `insert into person default values returning id`,
    );
    return rows[0]?.id ?? '';
  }

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

  async removeLink(manager: EntityManager, recordId: string): Promise<void> {
    await manager.query(`delete from record_link where record_id = $1`, [recordId]);
  }

  async lockPersons(manager: EntityManager, personIds: string[]): Promise<void> {
    if (personIds.length === 0) return;
    await manager.query(`select id from person where id = any($1::uuid[]) order by id for update`, [
      personIds,
    ]);
  }

  async personState(
    manager: EntityManager,
    personId: string,
  ): Promise<{
    status: string;
    mergedInto: string | null;
    pins: Pins;
    golden: GoldenRecord;
  } | null> {
    const rows: { status: string; merged_into: string | null; pins: Pins; golden: GoldenRecord }[] =
      await manager.query(`select status, merged_into, pins, golden from person where id = $1`, [
        personId,
      ]);
    const row = rows[0];
    return row
      ? { status: row.status, mergedInto: row.merged_into, pins: row.pins, golden: row.golden }
      : null;
  }

  /**
   * Pins of persons whose golden records are about to be recomputed, with their rows locked
   * (in id order) until commit: a concurrent writer recomputing the same person waits and then
   * reads the links this one committed, so no golden record is computed from a stale member
   * list. `no key update` leaves the key-share locks of new links to these persons free.
   */
  async lockPins(manager: EntityManager, personIds: string[]): Promise<Map<string, Pins>> {
    const rows: { id: string; pins: Pins }[] = await manager.query(
      `select id, pins from person where id = any($1::uuid[]) order by id for no key update`,
      [personIds],
    );
    return new Map(rows.map((r) => [r.id, r.pins]));
  }

  /**
   * Saves golden records and keeps each version, so one can be shown as it stood at any time.
   * A person not yet in the table is inserted with its first version.
   */
  async saveGoldens(
    manager: EntityManager,
    entries: { personId: string; golden: GoldenRecord; recordIds: string[] }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `with input as (
         select * from json_to_recordset($1::json) as i(id uuid, golden jsonb, record_ids text)
       ), saved as (
         insert into person as p (id, golden, status)
         select i.id, i.golden, case when i.record_ids = '' then 'empty' else 'active' end from input i
         on conflict (id) do update set golden = excluded.golden, version = p.version + 1, updated_at = now(),
           status = case when p.status = 'merged' then p.status else excluded.status end
         returning p.id, p.version, p.golden
       )
       insert into person_version (person_id, version, golden, record_ids)
       select s.id, s.version, s.golden,
              case when i.record_ids = '' then '{}'::uuid[] else string_to_array(i.record_ids, ',')::uuid[] end
         from saved s join input i on i.id = s.id`,
      [
        JSON.stringify(
          entries.map((e) => ({
            id: e.personId,
            golden: e.golden,
            record_ids: e.recordIds.join(','),
          })),
        ),
      ],
    );
  }

  async setPins(manager: EntityManager, personId: string, pins: Pins): Promise<void> {
    await manager.query(`update person set pins = $2::jsonb where id = $1`, [
      personId,
      JSON.stringify(pins),
    ]);
  }

  async setMerged(manager: EntityManager, personId: string, into: string | null): Promise<void> {
    await manager.query(
      `update person set status = case when $2::uuid is null then 'active' else 'merged' end, merged_into = $2 where id = $1`,
      [personId, into],
    );
  }

  /** Steward "not a match" pairs touching any of the records, as `a|b` with a < b. */
  async hardNoPairs(manager: EntityManager, recordIds: string[]): Promise<Set<string>> {
    if (recordIds.length === 0) return new Set();
    const rows: { record_a: string; record_b: string }[] = await manager.query(
      `select record_a, record_b from hard_no where record_a = any($1::uuid[]) or record_b = any($1::uuid[])`,
      [recordIds],
    );
    return new Set(rows.map((r) => `${r.record_a}|${r.record_b}`));
  }

  /** One batch's links in one statement. */
  async setLinks(
    manager: EntityManager,
    links: {
      recordId: string;
      personId: string;
      kind: 'auto' | 'manual';
      probability: number | null;
      weight: number | null;
    }[],
  ): Promise<void> {
    if (links.length === 0) return;
    await manager.query(
      `insert into record_link (record_id, person_id, kind, probability, weight)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::float8[])
       on conflict (record_id) do update set person_id = excluded.person_id, kind = excluded.kind,
         probability = excluded.probability, weight = excluded.weight, linked_at = now()`,
      [
        links.map((l) => l.recordId),
        links.map((l) => l.personId),
        links.map((l) => l.kind),
        links.map((l) => l.probability),
        links.map((l) => l.weight),
      ],
    );
  }

  async addHardNo(manager: EntityManager, a: string, b: string, actor: string): Promise<void> {
    const [first, second] = a < b ? [a, b] : [b, a];
    await manager.query(
      `insert into hard_no (record_a, record_b, decided_by) values ($1, $2, $3) on conflict do nothing`,
      [first, second, actor],
    );
  }

  /** One batch's events in one statement. */
  async insertEvents(manager: EntityManager, events: LinkEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `insert into link_event (actor, kind, record_id, person_id, from_person_id, probability, weight, explanation)
       select x.a, x.k, x.r, x.p, x.f, x.pr, x.w, x.e
         from json_to_recordset($1::json)
           as x(a text, k text, r uuid, p uuid, f uuid, pr float8, w float8, e jsonb)`,
      [
        JSON.stringify(
          events.map((e) => ({
            a: e.actor,
            k: e.kind,
            r: e.recordId ?? null,
            p: e.personId ?? null,
            f: e.fromPersonId ?? null,
            pr: e.probability ?? null,
            w: e.weight ?? null,
            e: e.explanation ?? null,
          })),
        ),
      ],
    );
  }

  async insertEvent(manager: EntityManager, e: LinkEventInput): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `insert into link_event (actor, kind, record_id, person_id, from_person_id, probability, weight, explanation, reason, undo_of, state)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb) returning id`,
      [
        e.actor,
        e.kind,
        e.recordId ?? null,
        e.personId ?? null,
        e.fromPersonId ?? null,
        e.probability ?? null,
        e.weight ?? null,
        e.explanation === undefined ? null : JSON.stringify(e.explanation),
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

  /** Forgets a steward's "not a match" between two records (`a` < `b`). */
  async forgetHardNo(manager: EntityManager, a: string, b: string): Promise<void> {
    await manager.query(`delete from hard_no where record_a = $1 and record_b = $2`, [a, b]);
  }
}
