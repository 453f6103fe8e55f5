import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertFp, assertValidFhir } from '../support/fhir-conformance';
import {
  MatchEntry,
  gradeOf,
  ingestRows,
  matchParameters,
  ownPerson,
  patient,
  patientEntries,
  postMatch,
} from '../support/fhir-fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * $match against configured limits: MPI_MATCH_COUNT_DEFAULT / MPI_MATCH_COUNT_MAX, and a
 * candidate cap (MPI_MAX_CANDIDATES) small enough that a common blocking key is cut short.
 */
const JANE = { family: 'Smith', given: ['Jane'], birthDate: '1990-03-14', gender: 'female' };

describe('FHIR Patient/$match limits (count default and maximum, candidate retrieval cut short)', () => {
  let t: TestApp;
  let token: string;
  let peter = '';

  before(async () => {
    t = await startTestApp('fhir_match_limits', {
      MPI_MATCH_COUNT_DEFAULT: '1',
      MPI_MATCH_COUNT_MAX: '2',
      MPI_MAX_CANDIDATES: '3',
    });
    token = await t.token('match');
    const rows = await ingestRows(t, [
      ...['Jane', 'Janet', 'Joan', 'Jean'].map((given, i) => ({
        source: 'st-mary',
        source_id: `S-${i}`,
        given_name: given,
        family_name: 'Smith',
        birth_date: '1990-03-14',
        sex: 'female',
      })),
      {
        source: 'st-mary',
        source_id: 'Q-1',
        given_name: 'Peter',
        family_name: 'Quincy',
        birth_date: '1962-07-14',
        sex: 'male',
        ssn: '512-44-3333',
      },
    ]);
    for (const row of rows.slice(0, 4)) await ownPerson(t, row.recordId);
    peter = await ownPerson(t, rows[4]?.recordId ?? '');
  });
  after(() => t.close());

  const match = async (body: unknown): Promise<{ entry?: MatchEntry[] }> => {
    const res = await postMatch(t, token, body).expect(200);
    assertValidFhir(res.body, '$match Bundle');
    return res.body as { entry?: MatchEntry[] };
  };

  it('IHE ITI-119 case 6: without count the configured default applies; a count above the maximum is lowered to it', async () => {
    assert.equal(patientEntries(await match(matchParameters(patient(JANE)))).length, 1);
    assert.equal(
      patientEntries(
        await match(matchParameters(patient(JANE), [{ name: 'count', valueInteger: 50 }])),
      ).length,
      2,
    );
  });

  it('IHE ITI-119 case 10: retrieval cut short answers the matches with a warning that one may be missing', async () => {
    const bundle = await match(
      matchParameters(patient(JANE), [{ name: 'count', valueInteger: 2 }]),
    );
    assert.ok(patientEntries(bundle).length > 0);
    assertFp(
      bundle,
      "entry.where(search.mode = 'outcome').resource.issue.where(severity = 'warning' and code = 'incomplete').exists()",
    );
  });

  it('IHE ITI-119 case 5: onlyCertainMatches=true answers nothing when retrieval was cut short, even for a certain best match', async () => {
    const open = await match(matchParameters(patient(JANE)));
    assert.equal(
      gradeOf(patientEntries(open)[0] as MatchEntry),
      'certain',
      'precondition: the best match is certain',
    );
    const strict = await match(
      matchParameters(patient(JANE), [{ name: 'onlyCertainMatches', valueBoolean: true }]),
    );
    assertFp(strict, 'entry.empty()');
    const alone = await match(
      matchParameters(
        patient({
          family: 'Quincy',
          given: ['Peter'],
          birthDate: '1962-07-14',
          gender: 'male',
          ssn: '512-44-3333',
        }),
        [{ name: 'onlyCertainMatches', valueBoolean: true }],
      ),
    );
    assertFp(alone, `entry.count() = 1 and entry.resource.id = '${peter}'`);
  });
});
