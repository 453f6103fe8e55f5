import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PersonReadService } from '../../src/linkage/person-read.service';
import { Services, actor, newRecord, startServices, SAMPLE_MAN } from '../support/service-context';

interface HistoryEvent {
  id: string;
  kind: string;
  explanation: {
    modelVersion: number;
    prior: number;
    levels: [string, string, number][];
    totalWeight: number;
    probability: number;
    matchClass: string;
  } | null;
}

/** An automatic link's explanation kept packed (migration 1767600200000), read back whole. */
describe('link events keep their explanation packed', () => {
  let s: Services;
  before(async () => {
    s = await startServices('link-event-explanation');
  });
  after(() => s.close());

  it('an automatic link stores it packed, and the person`s history reads it as before', async () => {
    await newRecord(s, { ...SAMPLE_MAN, source: 'hospital' });
    const linked = await newRecord(s, {
      ...SAMPLE_MAN,
      source: 'lab',
      address_line: '7 Orchard Rw',
    });
    assert.equal(linked.link, 'auto');

    const stored = await s.rows<{ kind: string; json: unknown; packed: number | null }>(
      `select kind, explanation as json, octet_length(explanation_packed) as packed
         from link_event where person_id = $1 order by id`,
      [linked.personId],
    );
    const auto = stored.find((e) => e.kind === 'auto-link');
    assert.equal(auto?.json, null);
    assert.ok((auto?.packed ?? 0) > 0 && (auto?.packed ?? 0) < 300, `${auto?.packed} bytes`);

    const history = (await s
      .get(PersonReadService)
      .history(linked.personId, actor('reader'))) as HistoryEvent[];
    const event = history.find((e) => e.kind === 'auto-link');
    const explanation = event?.explanation;
    assert.ok(explanation, 'the explanation is read back');
    assert.equal(explanation.matchClass, 'certain');
    const sum = explanation.prior + explanation.levels.reduce((t, [, , w]) => t + w, 0);
    assert.ok(Math.abs(sum - explanation.totalWeight) < 1e-9, 'its weights add up to its total');
    assert.ok(explanation.levels.some(([id, level]) => id === 'ssn' && level === 'exact'));
    assert.equal(history.find((e) => e.kind === 'new-person')?.explanation, null);
    assert.equal('explanation_packed' in (event ?? {}), false);
  });
});
