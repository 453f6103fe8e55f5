import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CanonicalRecord } from '../../src/matching/record-types';
import { IngestService } from '../../src/records/ingest.service';
import { KeyRotationService, RotationBatch } from '../../src/records/key-rotation.service';
import { MatchQueryService } from '../../src/retrieval/match-query.service';
import { Services, actor, newPerson, newRecord, startServices } from '../support/service-context';

const PEOPLE = 4;
const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/** Person i as the hospital registers them: every kind of identifier the store keys or seals. */
function hospital(i: number): CanonicalRecord {
  return {
    source: 'rot-hospital',
    source_id: `H-${i}`,
    given_name: ['Ottoline', 'Barnaby', 'Clementine', 'Ambrose'][i % 4],
    family_name: `Pemberton${'abcd'[i % 4]}`,
    birth_date: `19${60 + i}-0${1 + i}-1${i}`,
    sex: i % 2 ? 'male' : 'female',
    ssn: `512-6${i}-40${10 + i}`,
    phone: `617-555-01${10 + i}`,
    email: `person${i}@rotation.example`,
    postal_code: `0213${i}`,
    other_identifiers: `urn:oid:2.16.840.1.113883.4.3.25|S${900 + i}-77`,
  };
}

/** The same person at another source: same SSN, no phone, a street of their own. */
function elsewhere(i: number, source: string): CanonicalRecord {
  const { phone: _phone, email: _email, other_identifiers: _other, ...rest } = hospital(i);
  return { ...rest, source, source_id: `${source}-${i}`, address_line: `${i + 3} Mill Lane` };
}

/** Walks the records under other keys in batches, as `mpi keys rotate` does, to the end. */
async function rotateAll(s: Services, size: number): Promise<Omit<RotationBatch, 'lastId'>> {
  const service = s.get(KeyRotationService);
  const total = { seen: 0, rotated: 0, skipped: 0, conflicts: 0, unreadable: 0 };
  let after: string | null = null;
  for (;;) {
    const batch = await service.rotateBatch(after, size, actor('rotation'));
    if (batch.seen === 0) return total;
    after = batch.lastId;
    for (const field of ['seen', 'rotated', 'skipped', 'conflicts', 'unreadable'] as const)
      total[field] += batch[field];
  }
}

async function bestPerson(s: Services, record: CanonicalRecord): Promise<string | undefined> {
  const query = s.get(MatchQueryService);
  const { matches } = await query.match(query.featuresOf(record));
  return matches[0]?.personId;
}

describe('key rotation against PostgreSQL', () => {
  it('re-keys every record under the active key; blocking and matching find them before, during and after; the old key retires', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    let s = await startServices('key_rotation', { MPI_TOKEN_KEYS: k1 });
    try {
      const persons: string[] = [];
      for (let i = 0; i < PEOPLE; i++) {
        const first = await newPerson(s, hospital(i));
        const second = await newRecord(s, elsewhere(i, 'rot-lab'));
        assert.equal(second.personId, first.personId, `precondition: person ${i} linked`);
        persons.push(first.personId);
      }
      const keysBefore = await s.rows<{ key: string }>(`select key from record_block_key`);

      // k2 first, k1 kept: the service reads both and writes k2; nothing is re-keyed yet.
      s = await s.restart({ MPI_TOKEN_KEYS: `${k2},${k1}` });
      const rotation = s.get(KeyRotationService);
      assert.deepEqual([...(await rotation.keyCounts())], [['k1', 2 * PEOPLE]]);
      assert.equal(await bestPerson(s, hospital(0)), persons[0], 'found under the old key');

      const totals = await rotateAll(s, 3);
      assert.deepEqual(totals, {
        seen: 2 * PEOPLE,
        rotated: 2 * PEOPLE,
        skipped: 0,
        conflicts: 0,
        unreadable: 0,
      });
      const [stale] = await s.rows<{ n: number }>(
        `select count(*)::int as n from source_record
          where key_id <> 'k2' or features->>'keyId' <> 'k2' or source_id_enc not like 'k2.%'
             or coalesce(identifiers_enc, 'k2.') not like 'k2.%'`,
      );
      assert.equal(stale?.n, 0, 'a record keeps a token or a seal of the old key');
      const keysAfter = await s.rows<{ key: string }>(`select key from record_block_key`);
      assert.equal(keysAfter.length, keysBefore.length, 'each record keeps its blocking keys');
      const old = new Set(keysBefore.map((k) => k.key));
      assert.equal(keysAfter.filter((k) => old.has(k.key)).length, 0, 'blocking keys re-hashed');
      const audited = await s.rows<{ record_ids: string[] }>(
        `select record_ids from audit_event where action = 'keys.rotate'`,
      );
      assert.equal(new Set(audited.flatMap((a) => a.record_ids)).size, 2 * PEOPLE);

      // k1 retired: the store answers under k2 alone.
      s = await s.restart({ MPI_TOKEN_KEYS: k2 });
      assert.deepEqual([...(await s.get(KeyRotationService).keyCounts())], [['k2', 2 * PEOPLE]]);
      for (let i = 0; i < PEOPLE; i++) {
        assert.equal(await bestPerson(s, hospital(i)), persons[i], `$match finds person ${i}`);
        const clinic = await newRecord(s, elsewhere(i, 'rot-clinic'));
        assert.equal(clinic.personId, persons[i], `a new registration of person ${i} links`);
      }
      const { outcomes } = await s.get(IngestService).ingest([hospital(1)], actor('resend'));
      assert.equal(outcomes[0]?.status, 'unchanged', 'the record key is found under k2');
    } finally {
      await s.close();
    }
  });
});
