import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SensitiveIdentifiers } from '../formats/demographics';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';
import { FhirPatient } from '../formats/fhir-patient';
import {
  CandidatesWithPersons,
  FhirPatientRepository,
  PersonRow,
  PersonWithRecords,
  RecordRow,
} from './fhir-patient.repository';
import { goldenPatient } from './patient-mapping';
import { PersonSnapshot, RecordSnapshot } from './patient-snapshot';

/**
 * Loads persons and source records for the FHIR routes and decrypts their identifiers, in
 * two queries however many persons a Bundle holds. Auditing is the caller's: it knows
 * whether the read is a read, a search or a match.
 */
@Injectable()
export class PatientViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FhirPatientRepository,
    private readonly tokens: TokenService,
  ) {}

  /** Golden Patients of active persons, by person id; others are left out. */
  async goldenPatients(
    personIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, FhirPatient>> {
    return this.goldenPatientsOf(
      await this.repository.activePersonsWithRecords(manager, personIds),
    );
  }

  /** Golden Patients of persons already read, by person id. */
  goldenPatientsOf(rows: readonly PersonWithRecords[]): Map<string, FhirPatient> {
    return new Map(
      rows.map(({ person, records }) => [
        person.id,
        goldenPatient(
          personSnapshot(person),
          records.map((r) => this.recordSnapshot(r)),
        ),
      ]),
    );
  }

  /**
   * A $match's candidates and their persons in one round trip (at most `personCap` persons;
   * null beyond, see FhirPatientRepository.candidatesWithPersons).
   */
  matchCandidates(
    lookup: { keys: readonly string[]; capPerKey: number },
    personCap: number,
  ): Promise<CandidatesWithPersons> {
    return this.repository.candidatesWithPersons(this.dataSource.manager, lookup, personCap);
  }

  async person(id: string): Promise<PersonSnapshot | null> {
    const [row] = await this.repository.personsByIds(this.dataSource.manager, [id]);
    return row ? personSnapshot(row) : null;
  }

  async sourceRecord(id: string): Promise<RecordSnapshot | null> {
    const row = await this.repository.recordById(this.dataSource.manager, id);
    return row ? this.recordSnapshot(row) : null;
  }

  recordSnapshot(row: RecordRow): RecordSnapshot {
    return {
      recordId: row.id,
      source: row.source,
      sourceId: this.tokens.decrypt(
        row.source_id_enc,
        CIPHER_CONTEXT.sourceId,
        row.source_id_token,
      ),
      identifiers:
        row.identifiers_enc === null
          ? null
          : (JSON.parse(
              this.tokens.decrypt(
                row.identifiers_enc,
                CIPHER_CONTEXT.identifiers,
                row.source_id_token,
              ),
            ) as SensitiveIdentifiers),
      demographics: row.demographics,
      changedAt: row.changed_at.toISOString(),
      ...(row.event_at ? { eventAt: row.event_at.toISOString() } : {}),
      version: row.version,
      personId: row.person_id,
    };
  }
}

function personSnapshot(row: PersonRow): PersonSnapshot {
  return {
    id: row.id,
    status: row.status,
    mergedInto: row.merged_into,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    golden: row.golden,
  };
}
