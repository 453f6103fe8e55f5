import assert from 'node:assert/strict';
import { assertFp, assertValidFhir, fhirKit, fp, medplum } from './fhir-conformance';
import {
  MatchEntry,
  PatientFields,
  Row,
  ingestRows,
  linkTo,
  matchParameters,
  mergePersons,
  ownPerson,
  patient,
  personOf,
} from './fhir-fixtures';
import { TestApp } from './test-app';

/**
 * The population the $match tests query: Jane Smith (two records, one SSN) and Janet Smith,
 * born the same day; Peter Quincy alone; Gregory, Bob and Gary Peterson (HAPI's nickname and
 * coarse birth date cases); Alice Zephyr, whose duplicate person a steward merged into her.
 * Persons that must be distinct are made so by a steward's unlink, so the fixtures do not
 * depend on where the model's thresholds lie.
 */
export type MatchBundle = {
  resourceType: string;
  type?: string;
  total?: number;
  entry?: MatchEntry[];
};
export type Persons = Record<
  'jane' | 'janet' | 'peter' | 'gregory' | 'bob' | 'gary' | 'alice' | 'aliceDuplicate',
  string
>;

export const JANE: PatientFields = {
  family: 'Smith',
  given: ['Jane'],
  birthDate: '1990-03-14',
  gender: 'female',
};
export const PETER: PatientFields = {
  family: 'Quincy',
  given: ['Peter'],
  birthDate: '1962-07-14',
  gender: 'male',
  ssn: '512-44-3333',
  phone: '971 555 0134',
};

function person(
  source: string,
  id: string,
  given: string,
  family: string,
  birth: string,
  sex: string,
  more: Row = {},
): Row {
  return {
    source,
    source_id: id,
    given_name: given,
    family_name: family,
    birth_date: birth,
    sex,
    ...more,
  };
}

const ROWS: Row[] = [
  person('st-mary', 'J-1', 'Jane', 'Smith', '1990-03-14', 'female', {
    ssn: '512-44-1111',
    phone: '503-555-0101',
    address_line: '12 Oak Street',
    city: 'Salem',
    state: 'OR',
    postal_code: '97301',
  }),
  person('county-lab', 'L-77', 'Jane', 'Smith', '1990-03-14', 'female', {
    middle_name: 'Ann',
    ssn: '512-44-1111',
  }),
  person('st-mary', 'J-2', 'Janet', 'Smith', '1990-03-14', 'female', { ssn: '512-44-2222' }),
  person('st-mary', 'Q-1', 'Peter', 'Quincy', '1962-07-14', 'male', {
    ssn: '512-44-3333',
    phone: '971 555 0134',
  }),
  person('st-mary', 'G-1', 'Gregory', 'Peterson', '1980-02-02', 'male'),
  person('st-mary', 'B-1', 'Bob', 'Peterson', '1980-02-02', 'male'),
  person('st-mary', 'GP-1', 'Gary', 'Peterson', '1991-10-10', 'male', {
    middle_name: 'D',
    phone: '100100100',
    state: 'NY',
    postal_code: '12313',
  }),
  person('st-mary', 'A-1', 'Alice', 'Zephyr', '1984-03-12', 'female', { ssn: '512-44-9876' }),
  person('county-lab', 'A-9', 'Alice', 'Zephyr', '1984-03-12', 'female', { ssn: '598-33-1234' }),
];

export async function seedMatchPopulation(t: TestApp): Promise<Persons> {
  const rows = await ingestRows(t, ROWS);
  const id = (i: number): string => rows[i]?.recordId ?? '';
  const jane = await personOf(t, id(0));
  if ((await personOf(t, id(1))) !== jane) await linkTo(t, id(1), jane);
  const persons: Persons = {
    jane,
    janet: await ownPerson(t, id(2)),
    peter: await ownPerson(t, id(3)),
    gregory: await ownPerson(t, id(4)),
    bob: await ownPerson(t, id(5)),
    gary: await ownPerson(t, id(6)),
    alice: await ownPerson(t, id(7)),
    aliceDuplicate: await ownPerson(t, id(8)),
  };
  await mergePersons(t, persons.aliceDuplicate, persons.alice);
  return persons;
}

type Extra = Record<string, unknown>[];

/** $match through fhir-kit-client and through MedplumClient, each answer validated as R4. */
export function matchClients(t: TestApp, token: string) {
  const toResource = (fields: PatientFields | Record<string, unknown>): Record<string, unknown> =>
    'resourceType' in fields
      ? (fields as Record<string, unknown>)
      : patient(fields as PatientFields);
  return {
    async kit(
      fields: PatientFields | Record<string, unknown>,
      extra: Extra = [],
    ): Promise<MatchBundle> {
      const client = await fhirKit(t.baseUrl, token);
      const input = matchParameters(toResource(fields), extra) as unknown as Parameters<
        typeof client.operation
      >[0]['input'];
      const bundle = (await client.operation({
        name: '$match',
        resourceType: 'Patient',
        method: 'POST',
        input,
      })) as MatchBundle;
      assertValidFhir(bundle, '$match Bundle');
      return bundle;
    },
    async medplum(fields: PatientFields, extra: Extra = []): Promise<MatchBundle> {
      const client = medplum(t.baseUrl, token);
      const bundle = (await client.post(
        client.fhirUrl('Patient', '$match'),
        matchParameters(patient(fields), extra),
      )) as MatchBundle;
      assertValidFhir(bundle, '$match Bundle');
      return bundle;
    },
  };
}

/** The $match rules every answer keeps, as FHIRPath over the Bundle. */
export function assertMatchRules(bundle: MatchBundle): void {
  const patients = 'entry.where(resource is Patient)';
  assertFp(bundle, "type = 'searchset'");
  assertFp(
    bundle,
    `${patients}.all(search.mode = 'match' and search.score >= 0 and search.score <= 1)`,
  );
  assertFp(
    bundle,
    `${patients}.all(search.extension('http://hl7.org/fhir/StructureDefinition/match-grade').value in ('certain' | 'probable' | 'possible'))`,
  );
  assertFp(bundle, `${patients}.all(resource.active = true)`);
  const scores = fp(bundle, `${patients}.search.score`) as number[];
  for (let i = 1; i < scores.length; i++)
    assert.ok((scores[i - 1] ?? 0) >= (scores[i] ?? 0), 'scores are non-increasing');
}
