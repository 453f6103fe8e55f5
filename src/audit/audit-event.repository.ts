import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { StatementPart } from '../database/statement-parts';
import { ChainedAuditEvent } from './audit-chain';

/**
 * The SQL of the audit trail (`audit_event` and its chain tail `audit_chain_tail`): appends
 * for AuditService, searches for the API and FHIR AuditEvent, the walk of the verifier.
 */

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
export type Queryable = Pick<EntityManager, 'query'>;

/** A search of the audit trail: every filter optional, all of them combined with AND. */
export interface AuditFilter {
  actor?: string;
  client?: string;
  action?: string;
  outcome?: string;
  personId?: string;
  recordId?: string;
  correlationId?: string;
  /** Inclusive lower bound, exclusive upper bound. */
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditPage {
  total: number;
  events: ChainedAuditEvent[];
}

interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  role: string | null;
  client: string | null;
  purpose: string | null;
  action: string;
  outcome: string;
  correlation_id: string | null;
  record_ids: string[];
  person_ids: string[];
  detail: unknown;
  prev_hash: string | null;
  hash: string | null;
}

/** Columns in chain form; uuid[] as text[] so the driver hands back plain strings. */
export const AUDIT_COLUMNS = `seq::text as seq, at, actor, role, client, purpose, action, outcome, correlation_id,
  record_ids::text[] as record_ids, person_ids::text[] as person_ids, detail, prev_hash, hash`;

export function toChainedEvent(row: AuditRow): ChainedAuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    role: row.role,
    client: row.client,
    purpose: row.purpose,
    action: row.action,
    outcome: row.outcome,
    correlationId: row.correlation_id,
    recordIds: row.record_ids,
    personIds: row.person_ids,
    detail: row.detail,
    prevHash: row.prev_hash ?? '',
    hash: row.hash ?? '',
  };
}

/** Newest first; each filter is an indexed column (see the audit-chain migration). */
export async function searchAuditEvents(
  dataSource: Queryable,
  filter: AuditFilter,
): Promise<AuditPage> {
  const params = [
    filter.actor ?? null,
    filter.client ?? null,
    filter.action ?? null,
    filter.outcome ?? null,
    filter.personId ?? null,
    filter.recordId ?? null,
    filter.correlationId ?? null,
    filter.from ?? null,
    filter.to ?? null,
  ];
  const where = `($1::text is null or actor = $1) and ($2::text is null or client = $2)
    and ($3::text is null or action = $3) and ($4::text is null or outcome = $4)
    and ($5::uuid is null or person_ids @> array[$5::uuid]) and ($6::uuid is null or record_ids @> array[$6::uuid])
    and ($7::text is null or correlation_id = $7)
    and ($8::timestamptz is null or at >= $8) and ($9::timestamptz is null or at < $9)`;
  const counted: { n: number }[] = await dataSource.query(
    `select count(*)::int as n from audit_event where ${where}`,
    params,
  );
  const rows: AuditRow[] = await dataSource.query(
    `select ${AUDIT_COLUMNS} from audit_event where ${where} order by audit_event.seq desc limit $10 offset $11`,
    [...params, filter.limit, filter.offset],
  );
  return { total: counted[0]?.n ?? 0, events: rows.map(toChainedEvent) };
}

export async function findAuditEvent(
  dataSource: Queryable,
  seq: string,
): Promise<ChainedAuditEvent | null> {
  const rows: AuditRow[] = await dataSource.query(
    `select ${AUDIT_COLUMNS} from audit_event where seq = $1`,
    [seq],
  );
  return rows[0] ? toChainedEvent(rows[0]) : null;
}

/** Events in chain order, in pages by seq: a verifier streams the whole trail with this. */
export async function* chainedEventsFrom(
  dataSource: Queryable,
  afterSeq: string,
  pageSize = 5000,
): AsyncGenerator<ChainedAuditEvent> {
  let cursor = afterSeq;
  for (;;) {
    const rows: AuditRow[] = await dataSource.query(
      `select ${AUDIT_COLUMNS} from audit_event where seq > $1 order by audit_event.seq limit $2`,
      [cursor, pageSize],
    );
    for (const row of rows) yield toChainedEvent(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    cursor = last.seq;
  }
}

/** The chain's last event and the database's clock for the events to come. */
export interface ChainTail {
  seq: string;
  hash: string;
  at: Date;
}

/**
 * The chain's tail: under its row lock until commit for an append in a transaction, or as it
 * stands for the optimistic append (whose swap checks it is still true).
 */
export async function readChainTail(
  manager: EntityManager,
  mode: 'lock' | 'peek',
): Promise<ChainTail> {
  const rows = await preparedQuery<ChainTail>(
    manager,
    `mpi_audit_tail_${mode}_v1`,
    `select seq::text as seq, hash, date_trunc('milliseconds', clock_timestamp()) as at
       from audit_chain_tail where id = 1${mode === 'lock' ? ' for update' : ''}`,
    [],
  );
  if (!rows[0]) throw new Error('audit_chain_tail is missing: run the migrations');
  return rows[0];
}

/**
 * The chain's tail under its row lock until commit (readChainTail 'lock'), as the part of a
 * caller's last write statement: the lock is taken with that write instead of after it. A row
 * lock reads the row as last committed, whatever the statement's snapshot. With `after` (a
 * CTE of another part, with RETURNING), the tail is locked once that CTE's writes are done, so
 * its row locks come before the tail's as they do when it is a statement of its own.
 */
export function lockedTailPart(after?: string): StatementPart {
  return {
    ctes: () => `audit_tail as (
    select seq::text as seq, hash, date_trunc('milliseconds', clock_timestamp()) as at
      from audit_chain_tail where id = 1${afterAll(after)} for update
  )`,
    returns: 'audit_tail',
  };
}

/** The row of lockedTailPart. */
export function lockedTail(rows: readonly unknown[]): ChainTail {
  const row = rows[0] as { seq: string; hash: string; at: string } | undefined;
  if (!row) throw new Error('audit_chain_tail is missing: run the migrations');
  return { seq: row.seq, hash: row.hash, at: new Date(row.at) };
}

/** Inserts one event and moves the tail to it; the caller holds the tail's lock. */
export async function appendAfterLockedTail(
  manager: EntityManager,
  event: ChainedAuditEvent,
): Promise<void> {
  await manager.query(
    `with moved as (update audit_chain_tail set seq = $1, hash = $14 where id = 1)
     insert into audit_event (seq, at, actor, role, client, purpose, action, outcome, correlation_id,
                              record_ids, person_ids, detail, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11::uuid[], $12::jsonb, $13, $14)`,
    [
      event.seq,
      event.at,
      event.actor,
      event.role,
      event.client,
      event.purpose,
      event.action,
      event.outcome,
      event.correlationId,
      event.recordIds,
      event.personIds,
      JSON.stringify(event.detail),
      event.prevHash,
      event.hash,
    ],
  );
}

/**
 * Appends events chained from `tail` only if the tail is still `tail` (compare and swap), in
 * one statement that is its own transaction. Returns how many went in: all, or none.
 */
export async function swapAppend(
  manager: EntityManager,
  events: ChainedAuditEvent[],
  tail: ChainTail,
): Promise<number> {
  const last = events[events.length - 1];
  if (!last) return 0;
  const rows = await preparedQuery<{ seq: string }>(manager, 'mpi_audit_cas_v1', CAS_SQL, [
    JSON.stringify(events.map(eventRow)),
    last.seq,
    last.hash,
    tail.seq,
    tail.hash,
  ]);
  return rows.length;
}

/**
 * A condition that holds once every row of CTE `after` is written: its uncorrelated subquery
 * is evaluated before the first row is locked, and counting reads the CTE to its end.
 */
function afterAll(after: string | undefined): string {
  return after ? ` and (select count(*) from ${after}) >= 0` : '';
}

/**
 * swapAppend as the part of a caller's statement (in its transaction): reads back the seqs it
 * inserted, none when the tail had moved on. Its update of the tail holds the tail's lock
 * until the caller commits, as the locking append does; `after` as for lockedTailPart.
 */
export function swapAppendPart(
  events: ChainedAuditEvent[],
  tail: ChainTail,
  after?: string,
): StatementPart {
  const last = events[events.length - 1];
  return {
    ctes: (p) => `audit_moved as (
    update audit_chain_tail set seq = ${p(last?.seq)}::bigint, hash = ${p(last?.hash)}
     where id = 1 and seq = ${p(tail.seq)}::bigint and hash = ${p(tail.hash)}${afterAll(after)}
    returning 1
  ),
  audit_added as (
    insert into audit_event (seq, at, actor, role, client, purpose, action, outcome, correlation_id,
                             record_ids, person_ids, detail, prev_hash, hash)
    select e.seq, e.at, e.actor, e.role, e.client, e.purpose, e.action, e.outcome, e.correlation_id,
           e.record_ids, e.person_ids, e.detail, e.prev_hash, e.hash
      from json_to_recordset(${p(JSON.stringify(events.map(eventRow)))}::json) as e(
             seq bigint, at timestamptz, actor text, role text, client text, purpose text,
             action text, outcome text, correlation_id text, record_ids uuid[], person_ids uuid[],
             detail jsonb, prev_hash text, hash text)
     where exists (select 1 from audit_moved)
    returning seq::text as seq
  )`,
    returns: 'audit_added',
  };
}

/**
 * The compare-and-swap append: the tail moves from ($4, $5) to ($2, $3) and the events ($1)
 * are inserted only if it did. Under READ COMMITTED an update that waited for another writer
 * re-reads the row and finds its seq moved on, so nothing is written and no chain forks.
 */
const CAS_SQL = `
  with moved as (
    update audit_chain_tail set seq = $2::bigint, hash = $3
     where id = 1 and seq = $4::bigint and hash = $5
    returning 1)
  insert into audit_event (seq, at, actor, role, client, purpose, action, outcome, correlation_id,
                           record_ids, person_ids, detail, prev_hash, hash)
  select e.seq, e.at, e.actor, e.role, e.client, e.purpose, e.action, e.outcome, e.correlation_id,
         e.record_ids, e.person_ids, e.detail, e.prev_hash, e.hash
    from json_to_recordset($1::json) as e(
           seq bigint, at timestamptz, actor text, role text, client text, purpose text,
           action text, outcome text, correlation_id text, record_ids uuid[], person_ids uuid[],
           detail jsonb, prev_hash text, hash text)
   where exists (select 1 from moved)
  returning seq::text as seq`;

function eventRow(event: ChainedAuditEvent): Record<string, unknown> {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    role: event.role,
    client: event.client,
    purpose: event.purpose,
    action: event.action,
    outcome: event.outcome,
    correlation_id: event.correlationId,
    record_ids: event.recordIds,
    person_ids: event.personIds,
    detail: event.detail,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** Makes the caller's open transaction read only: a verification never writes. */
export async function readOnly(runner: Queryable): Promise<void> {
  await runner.query('set transaction read only');
}

/** The chain's tail row: where the chain starts, where keyed hashes start, and its end. */
export async function chainBounds(
  runner: Queryable,
): Promise<{ start_seq: string; keyed_from_seq: string; seq: string; hash: string } | undefined> {
  const tails: { start_seq: string; keyed_from_seq: string; seq: string; hash: string }[] =
    await runner.query(
      `select start_seq::text as start_seq, keyed_from_seq::text as keyed_from_seq,
              seq::text as seq, hash
         from audit_chain_tail where id = 1`,
    );
  return tails[0];
}

/** Events written before the chain existed (at or before its start). */
export async function countUnchained(runner: Queryable, startSeq: string): Promise<number> {
  const rows: { n: number }[] = await runner.query(
    `select count(*)::int as n from audit_event where seq <= $1`,
    [startSeq],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Creates the audit trail's partitions of this UTC month and the next `monthsAhead` (those
 * missing); how many it made. Runs with the owner's rights (migration 1767600000000).
 */
export async function addAuditPartitions(runner: Queryable, monthsAhead: number): Promise<number> {
  const rows: { made: number }[] = await runner.query(
    `select add_audit_event_partitions($1) as made`,
    [monthsAhead],
  );
  return rows[0]?.made ?? 0;
}
