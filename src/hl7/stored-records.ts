import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { FhirPatientRepository, RecordRow } from '../fhir/fhir-patient.repository';
import { PatientViewService } from '../fhir/patient-view.service';
import { RecordSnapshot } from '../fhir/patient-snapshot';
import { TokenService } from '../tokens/token.service';

/** Source records by their key (source, source id): the identifier is only ever looked up by token. */
@Injectable()
export class StoredRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FhirPatientRepository,
    private readonly view: PatientViewService,
    private readonly tokens: TokenService,
  ) {}

  async row(source: string, sourceId: string, manager?: EntityManager): Promise<RecordRow | null> {
    const [row] = await this.repository.recordsWhere(
      manager ?? this.dataSource.manager,
      {
        sql: 'r.source = ? and r.source_id_token = ?',
        params: [source, this.tokens.sourceIdToken(source, sourceId)],
      },
      1,
    );
    return row ?? null;
  }

  async snapshot(source: string, sourceId: string): Promise<RecordSnapshot | null> {
    const row = await this.row(source, sourceId);
    return row ? this.view.recordSnapshot(row) : null;
  }

  /** The person now holding a record (a merged-away person answers its survivor). */
  async activePersonOf(row: RecordRow): Promise<string | null> {
    if (!row.person_id) return null;
    return this.repository.survivorOf(this.dataSource.manager, row.person_id);
  }

  /** Every record of the persons, identifiers decrypted. */
  async recordsOfPersons(personIds: string[]): Promise<RecordSnapshot[]> {
    const rows = await this.repository.recordsOfPersons(this.dataSource.manager, personIds);
    return rows.map((r) => this.view.recordSnapshot(r));
  }
}
