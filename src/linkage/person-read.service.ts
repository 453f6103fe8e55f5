import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { Demographics } from '../formats/demographics';
import { GoldenRecord, Pins } from './survivorship';

export interface PersonView {
  id: string;
  status: 'active' | 'merged' | 'empty';
  mergedInto: string | null;
  version: number;
  updatedAt: string;
  golden: GoldenRecord;
  pins: Pins;
  records: {
    recordId: string;
    source: string;
    linkKind: string;
    probability: number | null;
    demographics: Demographics;
  }[];
}

/** Reads of persons for stewards and FHIR: the golden record, its records, its history. */
@Injectable()
export class PersonReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async person(id: string, actor: Principal): Promise<PersonView> {
    const rows: {
      id: string;
      status: PersonView['status'];
      merged_into: string | null;
      version: number;
      updated_at: Date;
      golden: GoldenRecord;
      pins: Pins;
    }[] = await this.dataSource.query(
      `select id, status, merged_into, version, updated_at, golden, pins from person where id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new MpiError('not-found', 'no such person');
    const records: {
      id: string;
      source: string;
      kind: string;
      probability: number | null;
      demographics: Demographics;
    }[] = await this.dataSource.query(
      `select r.id, r.source, l.kind, l.probability, r.demographics
           from record_link l join source_record r on r.id = l.record_id where l.person_id = $1 order by r.id`,
      [id],
    );
    await this.auditRead(
      actor,
      'person.read',
      [id],
      records.map((r) => r.id),
    );
    return {
      id: row.id,
      status: row.status,
      mergedInto: row.merged_into,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      golden: row.golden,
      pins: row.pins,
      records: records.map((r) => ({
        recordId: r.id,
        source: r.source,
        linkKind: r.kind,
        probability: r.probability,
        demographics: r.demographics,
      })),
    };
  }

  /** The golden record as it stood at `at`: the last version saved at or before then. */
  async personAsOf(
    id: string,
    at: Date,
    actor: Principal,
  ): Promise<{ version: number; at: string; golden: GoldenRecord; recordIds: string[] }> {
    const rows: { version: number; at: Date; golden: GoldenRecord; record_ids: string[] }[] =
      await this.dataSource.query(
        `select version, at, golden, record_ids from person_version where person_id = $1 and at <= $2 order by version desc limit 1`,
        [id, at.toISOString()],
      );
    const row = rows[0];
    if (!row) throw new MpiError('not-found', 'the person did not exist at that time');
    await this.auditRead(actor, 'person.read-as-of', [id], row.record_ids);
    return {
      version: row.version,
      at: row.at.toISOString(),
      golden: row.golden,
      recordIds: row.record_ids,
    };
  }

  async history(id: string, actor: Principal): Promise<unknown[]> {
    const rows: unknown[] = await this.dataSource.query(
      `select id, at, actor, kind, record_id, person_id, from_person_id, probability, weight, reason, undo_of, undone_by, explanation
         from link_event where person_id = $1 or from_person_id = $1 order by at, id`,
      [id],
    );
    await this.auditRead(actor, 'person.history', [id], []);
    return rows;
  }

  private auditRead(
    actor: Principal,
    action: string,
    personIds: string[],
    recordIds: string[],
  ): Promise<void> {
    return this.dataSource.transaction((m) =>
      this.audit.record(m, actor, { action, outcome: 'success', personIds, recordIds }),
    );
  }
}
