import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { copyIn, copyLine } from '../../src/database/copy-in';
import { storedColumns } from '../../src/records/stored-row';
import { IngestService } from '../../src/records/ingest.service';
import { PreparedRecord } from '../../src/records/prepared-record';
import { readRecordFile } from '../../src/records/record-file-reader';
import { IngestRecord } from '../../src/formats/ingest-record';

/** The records of a file, parsed (the bench times preparation and writing, not reading). */
export async function recordsOf(file: string): Promise<IngestRecord[]> {
  const records: IngestRecord[] = [];
  for await (const row of readRecordFile(file, { extraColumns: ['entity_id'] }))
    if ('record' in row) records.push(row.record);
  return records;
}

/** Preparation alone (normalize, tokens, features, keys, encryption) on one core: records/s. */
export function preparationRate(ingest: IngestService, records: IngestRecord[]): number {
  const started = process.hrtime.bigint();
  ingest.prepareAll(records);
  return records.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * The write floor: PostgreSQL COPY of the same rows (the source_record columns of the prepared
 * records as the store writes them, their blocking keys as an array) into an unindexed table,
 * committed, by the copy the bulk path uses (src/database/copy-in.ts). Records/s.
 */
export async function copyFloorRate(
  dataSource: DataSource,
  prepared: PreparedRecord[],
): Promise<number> {
  const lines = prepared.map((r) => copyLine([...storedColumns(r), `{${r.blockKeys.join(',')}}`]));
  await dataSource.query(`drop table if exists bench_copy_floor`);
  await dataSource.query(
    `create table bench_copy_floor (source text, source_id_token text, source_id_enc text,
       key_id text, demographics jsonb, identifiers_enc text, features jsonb,
       content_hash text, block_keys text[])`,
  );
  try {
    const started = process.hrtime.bigint();
    await dataSource.transaction((m) => copyIn(m, `copy bench_copy_floor from stdin`, lines));
    return prepared.length / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await dataSource.query(`drop table bench_copy_floor`);
  }
}

/**
 * The store's tables with their size (table, indexes, TOAST) per stored record; a partitioned
 * table's partitions (the audit trail's months) count as the table.
 */
export async function storeBytesPerRecord(
  dataSource: DataSource,
): Promise<{ records: number; tables: { table: string; bytes: number }[] }> {
  const counted: { n: number }[] = await dataSource.query(
    `select count(*)::int as n from source_record`,
  );
  const n = counted[0]?.n ?? 0;
  const rows: { table: string; bytes: string }[] = await dataSource.query(
    `select coalesce(pg_partition_root(c.oid), c.oid)::regclass::text as table,
            sum(pg_total_relation_size(c.oid))::text as bytes
       from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where c.relkind = 'r' and s.nspname = current_schema()
      group by 1 order by sum(pg_total_relation_size(c.oid)) desc`,
  );
  return {
    records: n,
    tables: rows
      .map((r) => ({ table: r.table, bytes: Number(r.bytes) / Math.max(1, n) }))
      .filter((r) => r.bytes >= 1),
  };
}

/** The input file's bytes per record: what the store's size is set beside. */
export function fileBytesPerRecord(file: string, records: number): number {
  return fs.statSync(file).size / Math.max(1, records);
}

/** CPU seconds (user + system) of one process from /proc, with its reaped children's when asked. */
function processCpu(pid: number, withReaped: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
    return (utime + stime + (withReaped ? cutime + cstime : 0)) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds spent so far by the embedded PostgreSQL (the postmaster, its live backends and
 * those it reaped), or null on an external server. Shared machines are noisy: CPU per record is
 * steadier than records per second.
 */
export function postgresCpu(): number | null {
  const pidFile = `${process.env.MPI_DATA_DIR ?? ''}/pg/data/postmaster.pid`;
  if (!fs.existsSync(pidFile)) return null;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  let total = processCpu(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmaster) total += processCpu(Number(entry), false);
    } catch {
      // The process ended meanwhile: the postmaster has counted it among its reaped children.
    }
  }
  return total;
}

/** This process's CPU seconds so far. */
export function nodeCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
