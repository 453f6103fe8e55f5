import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../common/audit-sink';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { AuditService } from '../audit/audit.service';
import { FhirPatient } from '../formats/fhir-patient';
import { FhirPatientRepository } from './fhir-patient.repository';
import { recordPatient, replacedPatient } from './patient-mapping';
import { PatientViewService } from './patient-view.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /fhir/Patient/{id}. Ids of persons and of source records share one space (UUIDs):
 *   - an active person answers its golden record;
 *   - a merged-away person answers an inactive Patient whose only content is a `replaced-by`
 *     link to the surviving person (followed through chains of merges), so an old reference
 *     still leads somewhere and the stale demographics are not served;
 *   - a person with no records left is gone (410);
 *   - a source record answers itself as a Patient, `refer`ring to its person.
 * Every answer is audited as a disclosure. A SMART patient-context token (no `patient:read`,
 * only `patient:read-own`) reads its launch patient and that person's records; any other id is
 * refused before anything is looked up by it, so the answer tells nothing of other patients.
 */
@Injectable()
export class PatientReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FhirPatientRepository,
    private readonly view: PatientViewService,
    private readonly audit: AuditService,
  ) {}

  async read(id: string, actor: Principal): Promise<FhirPatient> {
    await this.assertReadable(id, actor);
    if (!UUID.test(id)) throw new MpiError('not-found', 'no such Patient');
    const person = await this.view.person(id);
    if (person?.status === 'active') {
      const patient = (await this.view.goldenPatients([id])).get(id);
      if (!patient) throw new MpiError('not-found', 'no such Patient');
      const recordIds = (patient.link ?? []).map((l) => l.other.reference.slice('Patient/'.length));
      await this.record(actor, {
        action: 'person.read',
        outcome: 'success',
        personIds: [id],
        recordIds,
        detail: { via: 'fhir' },
      });
      return patient;
    }
    if (person?.status === 'merged') {
      const survivor = await this.repository.survivorOf(this.dataSource.manager, id);
      await this.record(actor, {
        action: 'person.read',
        outcome: 'success',
        personIds: [id],
        detail: { via: 'fhir', replacedBy: survivor },
      });
      return replacedPatient(id, survivor ?? person.mergedInto ?? id, person.updatedAt);
    }
    if (person) throw new MpiError('gone', 'this person has no source records any more');
    const record = await this.view.sourceRecord(id);
    if (!record) throw new MpiError('not-found', 'no such Patient');
    await this.record(actor, {
      action: 'record.read',
      outcome: 'success',
      recordIds: [id],
      personIds: record.personId ? [record.personId] : [],
      detail: { via: 'fhir' },
    });
    return recordPatient(record);
  }

  private async assertReadable(id: string, actor: Principal): Promise<void> {
    if (actor.permissions.has('patient:read')) return;
    const own = actor.patientContext;
    if (own !== undefined && (await this.inContext(id, own))) return;
    await this.record(actor, {
      action: 'person.read',
      outcome: 'denied',
      detail: { via: 'fhir', reason: 'outside-patient-context' },
    });
    throw new MpiError('forbidden', 'this token may read only the patient it was launched for');
  }

  /** The launch patient itself, or one of its source records. */
  private async inContext(id: string, own: string): Promise<boolean> {
    if (id === own) return true;
    if (!UUID.test(id)) return false;
    return (await this.view.sourceRecord(id))?.personId === own;
  }

  private record(actor: Principal, entry: AuditEntry): Promise<void> {
    return this.audit.recordAlone(actor, entry);
  }
}
