import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { FhirIdentifier, SSN_SYSTEM } from '../formats/fhir-patient';
import { FhirPatientRepository, RecordRow } from './fhir-patient.repository';
import { FhirParameters } from './fhir-resources';
import { IdentifierCriteria } from './identifier-criteria';
import { distinctBySystemValue, recordIdentifiers } from './patient-identifiers';
import { PixQuery, pixParameters } from './pix-query';
import { PatientViewService } from './patient-view.service';

/** The outcomes ITI-83 tells apart; the controller maps them to HTTP (200, 400, 404, 403). */
export type PixAnswer =
  | { kind: 'found'; parameters: FhirParameters }
  | { kind: 'unknown-domain' }
  | { kind: 'not-found' }
  | { kind: 'unknown-target' };

const MAX_RECORDS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * PIXm cross-references. A domain (assigning authority) is known when it is the SSA (SSN),
 * this server's FHIR base (logical ids, `base|Patient/{id}`), a source that sent records or
 * the system of a further identifier some record carries.
 */
@Injectable()
export class PixService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FhirPatientRepository,
    private readonly identifiers: IdentifierCriteria,
    private readonly view: PatientViewService,
    private readonly audit: AuditService,
  ) {}

  async crossReference(query: PixQuery, actor: Principal, baseUrl: string): Promise<PixAnswer> {
    const manager = this.dataSource.manager;
    if (!(await this.knownDomain(manager, query.system, baseUrl)))
      return { kind: 'unknown-domain' };
    for (const target of query.targetSystems) {
      if (!(await this.knownDomain(manager, target, baseUrl))) return { kind: 'unknown-target' };
    }
    const found = await this.sourceRecords(manager, query, baseUrl);
    if (found.length === 0) return { kind: 'not-found' };
    const personIds = await this.activePersons(manager, found);
    const linked = await this.repository.recordsOfPersons(manager, personIds);
    const records = [...linked, ...found.filter((r) => r.person_id === null)].map((row) =>
      this.view.recordSnapshot(row),
    );
    const wanted = (system: string | undefined): boolean =>
      query.targetSystems.length === 0 ||
      query.targetSystems.some((t) => t.toLowerCase() === (system ?? '').toLowerCase());
    const identifiers = distinctBySystemValue(records.flatMap(recordIdentifiers)).filter(
      (id) => !sameIdentifier(id, query) && wanted(id.system),
    );
    const targetIds =
      query.targetSystems.length === 0 || query.targetSystems.includes(baseUrl) ? personIds : [];
    await this.audit.recordAlone(actor, {
      action: 'person.pix',
      outcome: 'success',
      personIds,
      recordIds: records.map((r) => r.recordId),
      detail: {
        via: 'fhir',
        identifiers: identifiers.length,
        targetSystems: query.targetSystems.length,
      },
    });
    return { kind: 'found', parameters: pixParameters(identifiers, targetIds) };
  }

  private async knownDomain(
    manager: EntityManager,
    system: string,
    baseUrl: string,
  ): Promise<boolean> {
    if (system === SSN_SYSTEM || system === baseUrl) return true;
    if (await this.repository.sourceExists(manager, system)) return true;
    return this.repository.otherSystemExists(manager, system.trim().toLowerCase());
  }

  private async sourceRecords(
    manager: EntityManager,
    query: PixQuery,
    baseUrl: string,
  ): Promise<RecordRow[]> {
    if (query.system === baseUrl) return this.byLogicalId(manager, query.value);
    return this.repository.recordsMeeting(
      manager,
      this.identifiers.identifier(query.system, query.value),
      MAX_RECORDS,
    );
  }

  /** `Patient/{id}` of a golden record (its records) or of a source record (itself). */
  private async byLogicalId(manager: EntityManager, reference: string): Promise<RecordRow[]> {
    const id = reference.replace(/^Patient\//, '');
    if (!UUID.test(id)) return [];
    const survivor = await this.repository.survivorOf(manager, id);
    if (survivor !== null) return this.repository.recordsOfPersons(manager, [survivor]);
    const record = await this.repository.recordById(manager, id);
    return record ? [record] : [];
  }

  /** The persons now holding the records found (a merged-away person answers its survivor). */
  private async activePersons(manager: EntityManager, records: RecordRow[]): Promise<string[]> {
    const ids = [...new Set(records.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
    const survivors = await Promise.all(ids.map((id) => this.repository.survivorOf(manager, id)));
    const persons = await this.repository.personsByIds(
      manager,
      survivors.filter((id): id is string => id !== null),
    );
    return [...new Set(persons.filter((p) => p.status === 'active').map((p) => p.id))].sort();
  }
}

/** The identifier asked about, however it was punctuated, is not echoed back. */
function sameIdentifier(id: FhirIdentifier, query: PixQuery): boolean {
  if ((id.system ?? '').toLowerCase() !== query.system.toLowerCase()) return false;
  const plain = (value: string): string =>
    value
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '')
      .toUpperCase();
  return id.value === query.value || plain(id.value ?? '') === plain(query.value);
}
