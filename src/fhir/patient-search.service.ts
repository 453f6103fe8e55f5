import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { normalizePostalCode } from '../matching/normalize/address';
import { splitFamilyName } from '../matching/normalize/person-name';
import { foldText } from '../matching/normalize/text-fold';
import { AuditService } from '../audit/audit.service';
import { FHIR_CONFIG, FhirConfig } from './fhir-config';
import { FhirPatientRepository, SqlCondition } from './fhir-patient.repository';
import { FhirBundle } from './fhir-resources';
import { IdentifierConditions } from './identifier-conditions';
import { PatientViewService } from './patient-view.service';
import { searchBundle } from './search-bundle';
import { SearchQuota } from './search-quota';
import { DateComparison } from './search-date';
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
    private readonly identifiers: IdentifierConditions,
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
      this.conditions(search),
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

  private conditions(search: PatientSearch): SqlCondition[] {
    return [
      ...search.ids.map((id) =>
        UUID.test(id)
          ? { sql: 'l.person_id = ?::uuid', params: [id] }
          : { sql: 'false', params: [] },
      ),
      ...search.identifiers.map((id) => this.identifiers.identifier(id.system, id.value)),
      ...search.family.map((c) => text(`r.demographics->>'familyName'`, c, familyFold)),
      ...search.given.map((c) => given(c)),
      ...search.birthdate.map(birthDate),
      ...search.gender.map((g) => ({ sql: `r.demographics->>'sex' = ?`, params: [g] })),
      ...search.phone.map((p) => this.identifiers.phone(p)),
      ...search.email.map((e) => this.identifiers.email(e)),
      ...search.postalCode.map((c) => text(`r.demographics->>'postalCode'`, c, postalFold)),
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

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function text(
  column: string,
  criterion: TextCriterion,
  fold: (value: string) => string,
): SqlCondition {
  const value = fold(criterion.value);
  if (value === '') return { sql: 'false', params: [] };
  return criterion.exact
    ? { sql: `${column} = ?`, params: [value] }
    : { sql: `${column} like ?`, params: [`${escapeLike(value)}%`] };
}

/** FHIR `given` covers every given name: the first and the middle ones. */
function given(criterion: TextCriterion): SqlCondition {
  const first = text(`r.demographics->>'givenName'`, criterion, foldText);
  const middle = text(`r.demographics->>'middleName'`, criterion, foldText);
  return { sql: `${first.sql} or ${middle.sql}`, params: [...first.params, ...middle.params] };
}

function birthDate(comparison: DateComparison): SqlCondition {
  const column = `r.demographics->>'birthDate'`;
  switch (comparison.op) {
    case 'between':
      return { sql: `${column} between ? and ?`, params: [comparison.low, comparison.high] };
    case 'outside':
      return { sql: `(${column} < ? or ${column} > ?)`, params: [comparison.low, comparison.high] };
    default:
      return { sql: `${column} ${comparison.op} ?`, params: [comparison.value] };
  }
}
