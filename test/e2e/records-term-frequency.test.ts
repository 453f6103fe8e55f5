import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliPrincipal } from '../../src/cli/cli-context';
import { IngestService } from '../../src/records/ingest.service';
import { IngestRecord } from '../../src/formats/ingest-record';
import { TermFrequencyCache } from '../../src/retrieval/term-frequency.cache';
import { TestApp, startTestApp } from '../support/test-app';

/** A letters-only name per number: a, b, ..., z, ba, bb, ... */
function lettersOf(n: number): string {
  let name = '';
  let rest = n;
  do {
    name = String.fromCharCode(97 + (rest % 26)) + name;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return name;
}

/** 1,200 people: twelve of them named Zebulon, the rest with names of their own. */
function registrations(): IngestRecord[] {
  return Array.from({ length: 1200 }, (_, i) => ({
    source: 'hospital',
    source_id: `H-${i}`,
    given_name: i % 100 === 0 ? 'Zebulon' : `Q${lettersOf(i)}`,
    family_name: `Marrow${lettersOf(i + 7)}`,
    birth_date: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`,
    sex: i % 2 ? 'male' : 'female',
  }));
}

describe('term frequencies follow the store as it is written', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('term-frequency');
  });
  after(async () => t.close());

  it('scores the next batch with the counts of every batch committed before it', async () => {
    const ingest = t.app.get(IngestService);
    const frequencies = t.app.get(TermFrequencyCache);
    assert.equal(frequencies.lookup('given_name', 'zebulon'), undefined, 'an empty store');
    const rows = registrations();
    for (let i = 0; i < rows.length; i += 300) {
      const summary = await ingest.ingest(rows.slice(i, i + 300), cliPrincipal());
      assert.equal(summary.counts.created, 300);
    }
    // No refresh from the database in between: what this instance committed is counted.
    assert.equal(frequencies.lookup('given_name', 'zebulon'), 12 / 1200);
    assert.equal(frequencies.lookup('family_name', `marrow${lettersOf(7)}`), 1 / 1200);
  });
});
