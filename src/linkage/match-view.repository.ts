import { Injectable } from '@nestjs/common';
import { StoredFeatures, decodeFeatures } from '../database/stored-features';
import { EntityManager } from 'typeorm';
import { packedList } from '../database/packed-list';
import { preparedQuery } from '../database/prepared-query';
import { StatementPart } from '../database/statement-parts';
import { Demographics } from '../formats/demographics';
import { MatchFeatures } from '../matching/record-types';
import { Contributor } from './golden-record';

/** What the linker reads of a record: its features and its link, nothing to display. */
export interface MatchViewRecord {
  recordId: string;
  source: string;
  features: MatchFeatures;
  /** Its blocking-key tokens under the active key, when the caller holds them (the ingest). */
  blockKeys?: readonly string[];
  personId: string | null;
  linkKind: 'auto' | 'manual' | null;
}

/** A record of a person as a steward sees it. */
export interface ShownRecord {
  recordId: string;
  source: string;
  linkKind: string;
  probability: number | null;
  demographics: Demographics;
}

/** A record as the review queue shows it: where it came from, when, and its demographics. */
export interface RecordSide {
  recordId: string;
  source: string;
  changedAt: string;
  demographics: Demographics;
}

export interface LinkedRecord extends MatchViewRecord {
  demographics: Demographics;
  changedAt: string;
}

/** A record as the match-view queries select it. */
interface MatchViewRow {
  id: string;
  source: string;
  features: StoredFeatures;
  person_id: string | null;
  kind: 'auto' | 'manual' | null;
}

function matchView(r: MatchViewRow): MatchViewRecord {
  return {
    recordId: r.id,
    source: r.source,
    features: decodeFeatures(r.features),
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
    from unnest(string_to_array($1, chr(30))::uuid[]) as c(id)
    cross join lateral (select x.id, x.source, x.features from source_record x where x.id = c.id offset 0) r
    left join lateral (select y.person_id, y.kind from record_link y where y.record_id = c.id offset 0) l on true
  union all
  select r.id, r.source, r.features, l.person_id, l.kind
    from unnest(string_to_array($2, chr(30))::uuid[]) as p(id)
    cross join lateral (select y.record_id, y.person_id, y.kind from record_link y where y.person_id = p.id offset 0) l
    cross join lateral (select x.id, x.source, x.features from source_record x where x.id = l.record_id offset 0) r`;

/**
 * The match view rows of link_state (MATCH_VIEW_SQL's two halves, each row with its `half`:
 * the candidates, then every record of the round's persons) as matchViewOf returns them: the
 * records of the first half in the order of `order` (the order matchViewOf would have been
 * asked for them), then the persons'.
 */
export function matchViewRows(
  rows: readonly unknown[],
  order: readonly string[],
): MatchViewRecord[] {
  const typed = rows as (MatchViewRow & { half: number })[];
  const position = new Map(order.map((id, i) => [id, i]));
  const first = typed
    .filter((r) => r.half === 0)
    .sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  return [...first, ...typed.filter((r) => r.half === 1)].map(matchView);
}

/**
 * How many records each person of link_state's first half holds in all (`n`, read for a small
 * round): a person all of whose records came is then read whole without another round trip.
 */
export function personRecordCounts(rows: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows as { half: number; person_id: string | null; n: number | null }[])
    if (r.half === 0 && r.person_id && r.n !== null) counts.set(r.person_id, r.n);
  return counts;
}

/**
 * The members of persons as survivorship reads them (contributorsOfPersons), as a part: the
 * CTE `members`, which a name-count part may read names from.
 */
export function contributorsPart(personIds: readonly string[]): StatementPart {
  return {
    ctes: (p) => `members as (
    select r.id, r.source, r.demographics, r.changed_at, r.event_at, l.person_id
      from record_link l join source_record r on r.id = l.record_id
     where l.person_id = any(${p(personIds)}::uuid[]) order by r.id
  )`,
    returns: 'members',
  };
}

/** The rows of contributorsPart as contributorsOfPersons returns them (in record id order). */
export function contributorRows(rows: readonly unknown[]): (Contributor & { personId: string })[] {
  return (
    rows as {
      id: string;
      source: string;
      demographics: Demographics;
      changed_at: string;
      event_at: string | null;
      person_id: string;
    }[]
  )
    .map((r) => ({
      recordId: r.id,
      source: r.source,
      demographics: r.demographics,
      changedAt: new Date(r.changed_at).toISOString(),
      ...(r.event_at ? { eventAt: new Date(r.event_at).toISOString() } : {}),
      personId: r.person_id,
    }))
    .sort((x, y) => (x.recordId < y.recordId ? -1 : x.recordId > y.recordId ? 1 : 0));
}

/**
 * The match view: what linkage and survivorship read of source records joined to their
 * links (features for the linker, demographics for survivorship). Reads only.
 */
@Injectable()
export class MatchViewRepository {
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
    const rows = await preparedQuery<MatchViewRow>(manager, 'mpi_match_view_v4', MATCH_VIEW_SQL, [
      packedList(recordIds),
      packedList(personIds),
    ]);
    return rows.map(matchView);
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
      features: StoredFeatures;
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
      features: decodeFeatures(r.features),
      demographics: r.demographics,
      changedAt: r.changed_at.toISOString(),
      personId: r.person_id,
      linkKind: r.kind,
    }));
  }

  /** A person's records as a steward sees them: source, link and demographics, no features. */
  async shownRecordsOfPerson(manager: EntityManager, personId: string): Promise<ShownRecord[]> {
    const rows: {
      id: string;
      source: string;
      kind: string;
      probability: number | null;
      demographics: Demographics;
    }[] = await manager.query(
      `select r.id, r.source, l.kind, l.probability, r.demographics
           from record_link l join source_record r on r.id = l.record_id where l.person_id = $1 order by r.id`,
      [personId],
    );
    return rows.map((r) => ({
      recordId: r.id,
      source: r.source,
      linkKind: r.kind,
      probability: r.probability,
      demographics: r.demographics,
    }));
  }

  async recordSide(manager: EntityManager, recordId: string): Promise<RecordSide | null> {
    const rows: { id: string; source: string; demographics: Demographics; changed_at: Date }[] =
      await manager.query(
        `select id, source, demographics, changed_at from source_record where id = $1`,
        [recordId],
      );
    const row = rows[0];
    return row
      ? {
          recordId: row.id,
          source: row.source,
          changedAt: row.changed_at.toISOString(),
          demographics: row.demographics,
        }
      : null;
  }
}
