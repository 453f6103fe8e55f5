import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { LinkRepository } from './link.repository';
import { MatchViewRepository, RecordSide, ShownRecord } from './match-view.repository';
import { PersonRepository } from './person.repository';
import { GoldenRecord, Pins } from './golden-record';

export interface PersonView {
  id: string;
  status: 'active' | 'merged' | 'empty';
  mergedInto: string | null;
  version: number;
  updatedAt: string;
  golden: GoldenRecord;
  pins: Pins;
  records: ShownRecord[];
}

/** Reads of persons for stewards and FHIR: the golden record, its records, its history. */
@Injectable()
export class PersonReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly matchView: MatchViewRepository,
  ) {}

  async person(id: string, actor: Principal): Promise<PersonView> {
    const m = this.dataSource.manager;
    const row = await this.persons.findPerson(m, id);
    if (!row) throw new MpiError('not-found', 'no such person');
    const records = await this.matchView.shownRecordsOfPerson(m, id);
    await this.auditRead(
      actor,
      'person.read',
      [id],
      records.map((r) => r.recordId),
    );
    return { ...row, records };
  }

  /** The golden record as it stood at `at`: the last version saved at or before then. */
  async personAsOf(
    id: string,
    at: Date,
    actor: Principal,
  ): Promise<{ version: number; at: string; golden: GoldenRecord; recordIds: string[] }> {
    const row = await this.persons.versionAsOf(this.dataSource.manager, id, at);
    if (!row) throw new MpiError('not-found', 'the person did not exist at that time');
    await this.auditRead(actor, 'person.read-as-of', [id], row.recordIds);
    return row;
  }

  /** A record as the review queue shows it beside a task (the task's read is audited). */
  async recordSide(recordId: string): Promise<RecordSide | null> {
    return this.matchView.recordSide(this.dataSource.manager, recordId);
  }

  async history(id: string, actor: Principal): Promise<unknown[]> {
    const rows = await this.links.eventsOfPerson(this.dataSource.manager, id);
    await this.auditRead(actor, 'person.history', [id], []);
    return rows;
  }

  private auditRead(
    actor: Principal,
    action: string,
    personIds: string[],
    recordIds: string[],
  ): Promise<void> {
    return this.audit.recordAlone(actor, { action, outcome: 'success', personIds, recordIds });
  }
}
