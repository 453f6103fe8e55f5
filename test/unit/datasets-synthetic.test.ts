import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seededRandom } from '../../src/datasets/seeded-random';
import {
  generateSyntheticPatients,
  nicknameIndex,
  resolveSyntheticOptions,
  SyntheticRow,
} from '../../src/datasets/synthetic-patients';
import { BUILT_IN_NAMES } from '../../src/datasets/synthetic-name-source';
import {
  familyNameOn,
  PeopleContext,
  residenceOn,
  TruePerson,
} from '../../src/datasets/synthetic-people';
import { truthOf } from '../../src/datasets/synthetic-truth';
import { SYNTHETIC_ERROR_KINDS } from '../../src/datasets/synthetic-registrations';
import { juniorSeniorPair, twinPair } from '../../src/datasets/synthetic-units';
import {
  applyTypo,
  birthDateTypo,
  digitTypo,
  swapDayMonth,
  TYPO_KINDS,
} from '../../src/datasets/text-errors';

function rows(options: Parameters<typeof generateSyntheticPatients>[0]): SyntheticRow[] {
  return [...generateSyntheticPatients(options)];
}

function peopleContext(seed: string): PeopleContext {
  let n = 0;
  return {
    random: seededRandom(seed),
    rates: resolveSyntheticOptions().rates,
    names: BUILT_IN_NAMES,
    nextEntityId: () => `e${++n}`,
    usedSsns: new Set(),
  };
}

describe('synthetic population', () => {
  const population = rows({ people: 3000, seed: 42 });

  it('is reproducible: same seed, same rows; another seed, other rows', () => {
    assert.deepEqual(rows({ people: 3000, seed: 42 }), population);
    assert.notDeepEqual(rows({ people: 3000, seed: 43 }).slice(0, 50), population.slice(0, 50));
  });

  it('holds exactly the requested number of people', () => {
    assert.equal(new Set(population.map((r) => r.row.entity_id)).size, 3000);
    const small = rows({
      people: 7,
      seed: 1,
      chunkSize: 2,
      rates: { twins: 0.5, juniorSenior: 0.5 },
    });
    assert.equal(new Set(small.map((r) => r.row.entity_id)).size, 7);
  });

  it('writes each window in the order the registrations happened', () => {
    const dates = population.map((r) => r.date);
    assert.deepEqual(dates, [...dates].sort());
    assert.ok(new Set(dates).size > 1000, 'registrations spread over the window');
  });

  it('a married woman is registered under her maiden name before the wedding, her new one from it', () => {
    const married = population.filter((r) => r.person.marriedOn !== undefined);
    assert.ok(married.some((r) => r.date < (r.person.marriedOn ?? '')));
    assert.ok(married.some((r) => r.date >= (r.person.marriedOn ?? '')));
    for (const { person, date, errors } of married) {
      const after = date >= (person.marriedOn ?? '');
      assert.equal(errors.includes('married-name'), after, `${person.entityId} on ${date}`);
    }
  });

  it('the truth is the person as of their newest registration', () => {
    for (const { person, seen, date, row, errors } of population) {
      const truth = truthOf(person, seen);
      assert.equal(truth.family_name, familyNameOn(person, seen.last));
      assert.equal(truth.postal_code, residenceOn(person, seen.last).postalCode);
      const clean = !errors.some((e) => /^typo|compound-surname/.test(e));
      if (date === seen.last && clean) {
        assert.equal(row.family_name?.toLowerCase(), truth.family_name.toLowerCase());
        if (row.postal_code) assert.equal(row.postal_code, truth.postal_code);
      }
    }
  });

  it('shows every error type', () => {
    const seen = new Set(population.flatMap((r) => r.errors));
    for (const kind of SYNTHETIC_ERROR_KINDS) assert.ok(seen.has(kind), kind);
  });

  it('keys records uniquely per source and uses several sources', () => {
    const keys = population.map((r) => `${r.row.source}|${r.row.source_id}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual([...new Set(population.map((r) => r.row.source))].sort(), [
      'clinic',
      'hospital',
      'lab',
      'payer',
      'pharmacy',
    ]);
  });

  it('writes placeholder SSNs only where it says so', () => {
    const placeholder = /^(999-?99-?9999|123-?45-?6789)$/;
    for (const { row, errors } of population) {
      assert.equal(placeholder.test(row.ssn ?? ''), errors.includes('ssn-placeholder'));
    }
  });

  it('tags same-source duplicates with a second key in the same source', () => {
    const dup = population.find((r) => r.errors.includes('same-source-duplicate'));
    assert.ok(dup);
    const sameSource = population.filter(
      (r) => r.row.entity_id === dup.row.entity_id && r.row.source === dup.row.source,
    );
    assert.ok(sameSource.length >= 2);
  });

  it('gives twins distinct entities with birth order 1 and 2 sharing a birth date', () => {
    const twinRows = population.filter((r) => r.row.multiple_birth !== undefined).map((r) => r.row);
    const orders = new Set(twinRows.map((r) => r.multiple_birth));
    assert.deepEqual([...orders].sort(), ['1', '2']);
    assert.ok(
      twinRows.every((r) => population.some((o) => o.errors.includes('twin') && o.row === r)),
    );
  });

  it('uses the nickname pairs it is given', () => {
    const custom = rows({
      people: 1000,
      seed: 3,
      nicknames: [['james', 'jimbo']],
      rates: { nickname: 1, typo: 0 },
    });
    const nicknamed = custom.filter((r) => r.errors.includes('nickname'));
    assert.ok(nicknamed.length > 0);
    assert.ok(nicknamed.every((r) => /^jimbo$/i.test(r.row.given_name ?? '')));
    assert.ok(custom.every((r) => !/^james$/i.test(r.row.given_name ?? '')));
  });

  it('refuses options out of range', () => {
    assert.throws(() => resolveSyntheticOptions({ people: -1 }), /people/);
    assert.throws(() => resolveSyntheticOptions({ rates: { typo: 2 } }), /typo/);
    assert.throws(() => resolveSyntheticOptions({ recordsPerPerson: [0] }), /recordsPerPerson/);
  });
});

describe('twins and Sr/Jr pairs', () => {
  it('twins share family, birth date, mother and home but are different people', () => {
    for (let i = 0; i < 20; i++) {
      const [a, b] = twinPair(peopleContext(`t${i}`)) as [TruePerson, TruePerson];
      assert.notEqual(a.entityId, b.entityId);
      assert.notEqual(a.given, b.given);
      assert.notEqual(a.ssn, b.ssn);
      assert.equal(a.family, b.family);
      assert.equal(a.birthDate, b.birthDate);
      assert.equal(a.mothersMaidenName, b.mothersMaidenName);
      assert.deepEqual(a.residences, b.residences);
      assert.deepEqual([a.multipleBirth, b.multipleBirth], [1, 2]);
    }
  });

  it('gives a share of twins consecutive SSNs, the same share for the same seed', () => {
    const consecutive = (seed: string): number => {
      let count = 0;
      for (let i = 0; i < 200; i++) {
        const [a, b] = twinPair(peopleContext(`${seed}${i}`)) as [TruePerson, TruePerson];
        if (a.ssn.slice(0, -1) !== b.ssn.slice(0, -1)) continue;
        assert.equal(Math.abs(Number(a.ssn.slice(-1)) - Number(b.ssn.slice(-1))), 1);
        count++;
      }
      return count;
    };
    const share = consecutive('c') / 200;
    assert.ok(share > 0.25 && share < 0.55, `share ${share}`);
    assert.equal(consecutive('c'), share * 200, 'reproducible');
    for (let i = 0; i < 50; i++) {
      const context = peopleContext(`n${i}`);
      const [a, b] = twinPair({ ...context, rates: { ...context.rates, consecutiveSsnTwins: 0 } });
      assert.notEqual(a?.ssn.slice(0, -1), b?.ssn.slice(0, -1), 'rate 0: numbers of their own');
    }
  });

  it('writes consecutive-SSN twins into the population', () => {
    const twins = rows({ people: 2000, seed: 'twins', rates: { twins: 0.2 } }).filter(
      (r) => r.errors.includes('twin') && r.row.ssn !== undefined,
    );
    const ssnOf = new Map<string, string>();
    for (const { row } of twins) ssnOf.set(row.entity_id, (row.ssn ?? '').replace(/-/g, ''));
    const ssns = [...new Set(ssnOf.values())];
    const stems = new Map<string, number>();
    for (const ssn of ssns) stems.set(ssn.slice(0, -1), (stems.get(ssn.slice(0, -1)) ?? 0) + 1);
    assert.ok(
      [...stems.values()].some((n) => n >= 2),
      'some twin SSNs differ in the last digit',
    );
  });

  it("a junior has his father's names but not his birth date or identity", () => {
    for (let i = 0; i < 20; i++) {
      const [father, son] = juniorSeniorPair(peopleContext(`j${i}`)) as [TruePerson, TruePerson];
      assert.notEqual(father.entityId, son.entityId);
      assert.equal(father.given, son.given);
      assert.equal(father.family, son.family);
      assert.deepEqual([father.suffix, son.suffix], ['Sr', 'Jr']);
      assert.ok(Number(son.birthDate.slice(0, 4)) - Number(father.birthDate.slice(0, 4)) >= 20);
      assert.notEqual(father.ssn, son.ssn);
    }
  });
});

describe('text errors', () => {
  const word = fc.stringMatching(/^[A-Za-z]{2,12}$/);

  it('every typo kind changes the value by one edit', () => {
    fc.assert(
      fc.property(word, fc.constantFrom(...TYPO_KINDS), fc.integer(), (value, kind, seed) => {
        const typo = applyTypo(value, kind, seededRandom(seed));
        assert.notEqual(typo, value);
        assert.ok(Math.abs(typo.length - value.length) <= 1);
      }),
    );
  });

  it('insert adds, delete removes, transpose swaps neighbours', () => {
    const random = seededRandom(1);
    assert.equal(applyTypo('johnson', 'insert', random).length, 8);
    assert.equal(applyTypo('johnson', 'delete', random).length, 6);
    const swapped = applyTypo('johnson', 'transpose', random);
    assert.deepEqual([...swapped].sort(), [...'johnson'].sort());
    assert.notEqual(swapped, 'johnson');
  });

  it('swaps day and month only when the result is another valid date', () => {
    assert.equal(swapDayMonth('1980-03-07'), '1980-07-03');
    assert.equal(swapDayMonth('1980-03-13'), null);
    assert.equal(swapDayMonth('1980-03-03'), null);
  });

  it('digit typos change exactly one digit; date typos stay valid past dates', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = seededRandom(seed);
        const typo = digitTypo('123456789', random);
        assert.equal([...typo].filter((c, i) => c !== '123456789'[i]).length, 1);
        const date = birthDateTypo('1999-12-28', random);
        if (date !== null) assert.ok(!Number.isNaN(Date.parse(date)) && date < '2025-01-01');
      }),
    );
  });

  it('indexes nickname pairs by formal name, lower case, without duplicates', () => {
    const index = nicknameIndex([
      ['William', 'Bill'],
      ['william', 'bill'],
      ['william', 'will'],
    ]);
    assert.deepEqual(index.get('william'), ['bill', 'will']);
  });
});
