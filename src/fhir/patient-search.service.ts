import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { normalizePostalCode } from '../matching/normalize/address';
import { splitFamilyName } from '../matching/normalize/person-name';
import { foldText } from '../matching/normalize/text-fold';
import { AuditService } from '../audit/audit.service';
import { FhirConfig } from '../config/fhir-section';
import { FHIR_CONFIG } from './fhir-config';
import { FhirPatientRepository } from './fhir-patient.repository';
import { FhirBundle } from './fhir-resources';
import { IdentifierCriteria } from './identifier-criteria';
import { PatientViewService } from './patient-view.service';
import { searchBundle } from './search-bundle';
import { SearchQuota } from './search-quota';
import { DemographicText, NO_RECORD, RecordCriterion } from './record-criteria';
import { MpiError } from '../common/mpi-error';
import { PatientSearch, TextCriterion, isSelective, parsePatientSearch } from './search-params';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /fhir/Patient?...: active persons having a source record that meets every criterion,
 * answered as golden Patients. Criteria are normalized as ingest normalizes the stored
 * values (folded names, 5-digit ZIPs, identifier tokens), so they compare like for like.
 *
 * Only a steward (permission `review`) may search by demographics at large; every other
 * caller (a system client with Patient.rs) must name a patient: an identifier, or a family
 * name with a birth date. Pages of 100 golden records with SSNs are otherwise a harvest.
 */
@Injectable()
export class PatientSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FhirPatientRepository,
    private readonly view: PatientViewService,
    private readonly identifiers: IdentifierCriteria,
    private readonly audit: AuditService,
    @Inject(FHIR_CONFIG) private readonly config: FhirConfig,
  ) {
    this.quota = new SearchQuota(config.searchQuotaPerMinute);
  }

  private readonly quota: SearchQuota;

  async search(
    query: Record<string, unknown>,
    actor: Principal,
    baseUrl: string,
  ): Promise<FhirBundle> {
    if (!this.quota.take(actor.client ?? actor.subject))
      throw new MpiError('rate-limited', 'too many searches by this client: retry in a minute');
    const search = parsePatientSearch(query, {
      defaultCount: this.config.searchCountDefault,
      maxCount: this.config.searchCountMax,
    });
    if (!actor.permissions.has('review') && !isSelective(search)) {
      throw new MpiError('invalid-input', 'the search is not selective enough', [
        {
          location: 'Patient',
          reason: 'give an identifier, or a family name with a birth date',
        },
      ]);
    }
    const manager = this.dataSource.manager;
    const { ids, total } = await this.repository.searchPersons(
      manager,
      this.criteria(search),
      search.count,
      search.offset,
    );
    const patients = await this.view.goldenPatients(ids);
    const page = ids.flatMap((id) => {
      const patient = patients.get(id);
      return patient ? [patient] : [];
    });
    await this.audit.recordAlone(actor, {
      action: 'person.search',
      outcome: 'success',
      personIds: page.map((p) => p.id ?? ''),
      detail: { via: 'fhir', parameters: Object.keys(query).sort(), returned: page.length, total },
    });
    return searchBundle({
      id: randomUUID(),
      baseUrl,
      query,
      total,
      count: search.count,
      offset: search.offset,
      patients: page,
      now: new Date(),
    });
  }

  /** Every criterion a record must meet (AND), normalized as ingest normalizes stored values. */
  private criteria(search: PatientSearch): RecordCriterion[] {
    return [
      ...search.ids.map((id): RecordCriterion =>
        UUID.test(id) ? { kind: 'linkedTo', personId: id } : NO_RECORD,
      ),
      ...search.identifiers.map((id) => this.identifiers.identifier(id.system, id.value)),
      ...search.family.map((c) => text('familyName', c, familyFold)),
      ...search.given.map((c) => given(c)),
      ...search.birthdate.map((comparison): RecordCriterion => ({ kind: 'birthDate', comparison })),
      ...search.gender.map((sex): RecordCriterion => ({ kind: 'sex', sex })),
      ...search.phone.map((p) => this.identifiers.phone(p)),
      ...search.email.map((e) => this.identifiers.email(e)),
      ...search.postalCode.map((c) => text('postalCode', c, postalFold)),
    ];
  }
}

function familyFold(value: string): string {
  const folded = foldText(value);
  return splitFamilyName(folded).name ?? folded;
}

function postalFold(value: string): string {
  const normalized = normalizePostalCode(value);
  return normalized.ok && normalized.value !== null
    ? normalized.value
    : foldText(value).replace(/ /g, '');
}

function text(
  field: DemographicText,
  criterion: TextCriterion,
  fold: (value: string) => string,
): RecordCriterion {
  const value = fold(criterion.value);
  if (value === '') return NO_RECORD;
  return { kind: 'demographicText', field, value, exact: criterion.exact };
}

/** FHIR `given` covers every given name: the first and the middle ones. */
function given(criterion: TextCriterion): RecordCriterion {
  return {
    kind: 'anyOf',
    criteria: [text('givenName', criterion, foldText), text('middleName', criterion, foldText)],
  };
}
