import { EntityManager } from 'typeorm';
import { ChainedAuditEvent } from './audit-chain';

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
