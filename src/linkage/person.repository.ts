import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { copyIn, copyLine } from '../database/copy-in';
import { StatementPart, runParts } from '../database/statement-parts';
import { GoldenRecord, Pins } from './golden-record';
import { StoredGolden, encodeGolden, packGolden, unpackGolden } from './stored-golden';

/** A person's own row: its state, golden record and pins. */
export interface PersonRow {
  id: string;
  status: 'active' | 'merged' | 'empty';
  mergedInto: string | null;
  version: number;
  updatedAt: string;
  golden: GoldenRecord;
  pins: Pins;
}

/**
 * Owner of `person` and `person_version`: persons, their state, pins and golden records with
 * every version kept. Callers hold the transaction.
 */
@Injectable()
export class PersonRepository {
  async createPerson(manager: EntityManager): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `insert into person default values returning id`,
    );
    return rows[0]?.id ?? '';
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
    const rows: {
      status: string;
      merged_into: string | null;
      pins: Pins;
      golden: StoredGolden | null;
      packed: Buffer | null;
    }[] = await manager.query(
      `select status, merged_into, pins, golden, packed from person where id = $1`,
      [personId],
    );
    const row = rows[0];
    return row
      ? {
          status: row.status,
          mergedInto: row.merged_into,
          pins: row.pins,
          golden: unpackGolden(row.packed, row.golden),
        }
      : null;
  }

  /**
   * Saves golden records and keeps each version, so one can be shown as it stood at any time.
   * A person not yet in the table is inserted with its first version; one whose golden record,
   * state and records are all as its last version has them is left alone (no new version).
   * `recordIds` come in id order, as the last version keeps them.
   */
  async saveGoldens(
    manager: EntityManager,
    entries: { personId: string; golden: GoldenRecord; recordIds: string[] }[],
  ): Promise<void> {
    const part = saveGoldensPart(entries);
    if (part) await runParts(manager, [part]);
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

  /** A person as stewards and FHIR read it, or null. */
  async findPerson(manager: EntityManager, id: string): Promise<PersonRow | null> {
    const rows: {
      id: string;
      status: PersonRow['status'];
      merged_into: string | null;
      version: number;
      updated_at: Date;
      golden: StoredGolden | null;
      packed: Buffer | null;
      pins: Pins;
    }[] = await manager.query(
      `select id, status, merged_into, version, updated_at, golden, packed, pins from person where id = $1`,
      [id],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          status: row.status,
          mergedInto: row.merged_into,
          version: row.version,
          updatedAt: row.updated_at.toISOString(),
          golden: unpackGolden(row.packed, row.golden),
          pins: row.pins,
        }
      : null;
  }

  /** The golden record as it stood at `at`: the last version saved at or before then. */
  async versionAsOf(
    manager: EntityManager,
    id: string,
    at: Date,
  ): Promise<{ version: number; at: string; golden: GoldenRecord; recordIds: string[] } | null> {
    const rows: {
      version: number;
      at: Date;
      golden: StoredGolden | null;
      packed: Buffer | null;
      record_ids: string[];
    }[] = await manager.query(
      `select version, at, golden, packed, record_ids from person_version where person_id = $1 and at <= $2 order by version desc limit 1`,
      [id, at.toISOString()],
    );
    const row = rows[0];
    return row
      ? {
          version: row.version,
          at: row.at.toISOString(),
          golden: unpackGolden(row.packed, row.golden),
          recordIds: row.record_ids,
        }
      : null;
  }
}

/**
 * Pins of persons whose golden records are about to be recomputed, with their rows locked
 * (in id order) until commit: a concurrent writer recomputing the same person waits and then
 * reads the links this one committed, so no golden record is computed from a stale member
 * list. `no key update` leaves the key-share locks of new links to these persons free. A row
 * lock reads the row as last committed, so this part may go with writes; what it guards (the
 * persons' member lists) must be read by a later statement.
 */
export function lockPinsPart(personIds: readonly string[]): StatementPart {
  return {
    ctes: (p) => `pins_locked as (
    select id, pins from person where id = any(${p(personIds)}::uuid[]) order by id for no key update
  )`,
    returns: 'pins_locked',
  };
}

/**
 * lockPinsPart with what the golden records of these persons need, read after the locks
 * (migration 1767300100000): their members other than `excluded` (the caller's round, whose
 * links this statement writes) and the counts of `names` and of the members' names. Saves
 * the statement that would read them after the links are written.
 */
export function lockPinsWithMembersPart(
  personIds: readonly string[],
  excluded: readonly string[],
  names: { readonly given: readonly string[]; readonly family: readonly string[] },
): StatementPart {
  return {
    ctes: (p) => `pins_with_members as (
    select lock_persons_with_members(${p(personIds)}::uuid[], ${p(excluded)}::uuid[],
                                     ${p([...new Set(names.given)])}::text[], ${p([...new Set(names.family)])}::text[]) as locked
  )`,
    returns: 'pins_with_members',
  };
}

/** The row of lockPinsWithMembersPart: pins (as pinsOf), members (as contributorRows), counts (as nameCounts). */
export function lockedWithMembersOf(rows: readonly unknown[]): {
  pins: unknown[];
  members: unknown[];
  names: unknown[];
} {
  const [row] = rows as { locked: { pins: unknown[]; members: unknown[]; names: unknown[] } }[];
  return row?.locked ?? { pins: [], members: [], names: [] };
}

/** The rows of lockPinsPart by person. */
export function pinsOf(rows: readonly unknown[]): Map<string, Pins> {
  return new Map((rows as { id: string; pins: Pins }[]).map((r) => [r.id, r.pins]));
}

/** A person's golden record as computed, with what its save needs. */
export interface GoldenSave {
  personId: string;
  golden: GoldenRecord;
  /** In id order, as the versions keep them. */
  recordIds: string[];
  /** The person the linker folded this one into, if any. */
  mergedInto?: string;
}

/**
 * The first golden records of persons that have no row yet and were folded into none (a bulk
 * load's new persons), by COPY: the rows saveGoldensPart inserts for them, without its
 * statement's JSON input and conflict checks. `recordIds` come in id order.
 */
export async function copyFirstGoldens(
  manager: EntityManager,
  entries: readonly GoldenSave[],
): Promise<void> {
  if (entries.length === 0) return;
  // One deflate for the person and its first version; `golden` null (the default '{}' marks
  // a person not yet computed, and a row holds one form only).
  const packed = entries.map(
    (e) => `\\x${packGolden(JSON.stringify(encodeGolden(e.golden))).toString('hex')}`,
  );
  await copyIn(
    manager,
    'copy person (id, golden, packed, status) from stdin',
    entries.map((e, i) =>
      copyLine([e.personId, null, packed[i], e.recordIds.length > 0 ? 'active' : 'empty']),
    ),
  );
  await copyIn(
    manager,
    'copy person_version (person_id, version, packed, record_ids) from stdin',
    entries.map((e, i) => copyLine([e.personId, 1, packed[i], `{${e.recordIds.join(',')}}`])),
  );
}

/**
 * Saves golden records and keeps each version (saveGoldens), as a part; null when there is
 * none. A person not yet in the table is inserted with its first version; one whose golden
 * record, state and records are all as its last version has them is left alone (no new
 * version). `recordIds` come in id order, as the last version keeps them. Golden records are
 * stored compact and deflated, in the person and its version alike (stored-golden.ts); "unchanged"
 * compares the deflated bytes, which equal golden records give alike. A person whose row still
 * holds a jsonb form counts as changed once, and is packed then. A person with `mergedInto` was folded into that one (in
 * this statement or before: the key is checked at its end); a merged person stays merged.
 */
export function saveGoldensPart(entries: readonly GoldenSave[]): StatementPart | null {
  if (entries.length === 0) return null;
  return {
    ctes: (p) => `goldens_input as (
    select i.id, decode(i.packed, 'base64') as packed, i.merged_into,
           case when i.merged_into is not null then 'merged' when i.record_ids = '' then 'empty' else 'active' end as status,
           case when i.record_ids = '' then '{}'::uuid[] else string_to_array(i.record_ids, ',')::uuid[] end as record_ids
      from json_to_recordset(${p(
        JSON.stringify(
          entries.map((e) => {
            return {
              id: e.personId,
              packed: packGolden(JSON.stringify(encodeGolden(e.golden))).toString('base64'),
              record_ids: e.recordIds.join(','),
              merged_into: e.mergedInto ?? null,
            };
          }),
        ),
      )}::json) as i(id uuid, packed text, record_ids text, merged_into uuid)
  ),
  goldens_saved as (
    insert into person as p (id, golden, packed, status, merged_into)
    select i.id, null, i.packed, i.status, i.merged_into from goldens_input i
    on conflict (id) do update set golden = null, packed = excluded.packed, version = p.version + 1, updated_at = now(),
      status = case when p.status = 'merged' then p.status else excluded.status end,
      merged_into = coalesce(excluded.merged_into, p.merged_into)
    where p.packed is distinct from excluded.packed
       or p.status is distinct from (case when p.status = 'merged' then p.status else excluded.status end)
       or p.merged_into is distinct from coalesce(excluded.merged_into, p.merged_into)
       or (select v.record_ids from person_version v where v.person_id = p.id and v.version = p.version)
          is distinct from (select i.record_ids from goldens_input i where i.id = p.id)
    returning p.id, p.version
  ),
  goldens_versioned as (
    insert into person_version (person_id, version, packed, record_ids)
    select s.id, s.version, i.packed, i.record_ids from goldens_saved s join goldens_input i on i.id = s.id
  )`,
  };
}
