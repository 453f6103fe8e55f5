import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  FhirPatientRepository,
  RecordRow,
  recordRowsOfJson,
} from '../fhir/fhir-patient.repository';
import { StatementPart } from '../database/statement-parts';
import { PatientViewService } from '../fhir/patient-view.service';
import { RecordSnapshot } from '../fhir/patient-snapshot';
import { RecordKey } from '../fhir/record-criteria';
import { TokenService } from '../tokens/token.service';
import { CanonicalRecord } from '../matching/record-types';
import { canonicalOfSnapshot } from './record-changes';

/** A source record's key as one string. */
export const keyOf = (source: string, sourceId: string): string => `${source}\u0000${sourceId}`;

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
    const [row] = await this.repository.recordsMeeting(
      manager ?? this.dataSource.manager,
      { kind: 'recordKey', ...this.storedKey(source, sourceId) },
      1,
    );
    return row ?? null;
  }

  /**
   * The stored records of these keys as canonical columns, by keyOf: a part of a caller's
   * statement (read with its other parts in one round trip) and the reading of its rows.
   */
  canonicalRecordsPart(keys: { source: string; sourceId: string }[]): {
    part: StatementPart;
    read: (rows: readonly unknown[]) => Map<string, CanonicalRecord>;
  } {
    return {
      part: this.repository.recordsByKeysPart(
        keys.map((k) => this.storedKey(k.source, k.sourceId)),
      ),
      read: (rows) => {
        const records = new Map<string, CanonicalRecord>();
        for (const row of recordRowsOfJson(rows)) {
          const snapshot = this.view.recordSnapshot(row);
          records.set(keyOf(snapshot.source, snapshot.sourceId), canonicalOfSnapshot(snapshot));
        }
        return records;
      },
    };
  }

  /** A record's key as stored: the source id only ever as its keyed token. */
  private storedKey(source: string, sourceId: string): RecordKey {
    return { source, sourceIdToken: this.tokens.sourceIdToken(source, sourceId) };
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
