import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../src/config/app-config';
import { loadNameFrequencies } from '../../src/config/name-frequencies';
import { loadReferenceTables } from '../../src/config/reference-tables';
import { Demographics } from '../../src/formats/demographics';
import {
  GoldenTask,
  NameCounts,
  computeGoldens,
  survivorshipContext,
} from '../../src/linkage/golden-computer';
import { defaultSurvivorshipRules } from '../../src/linkage/golden-record';
import { goldenForms } from '../../src/linkage/stored-golden';
import { PreparePool } from '../../src/records/bulk/prepare-pool';
import { DEFAULT_MODEL_PATH, readModelFile } from '../../src/retrieval/match-model.provider';

function registration(
  recordId: string,
  source: string,
  eventAt: string,
  demographics: Partial<Demographics>,
): GoldenTask['contributors'][number] {
  return {
    recordId,
    source,
    changedAt: '2026-01-01T00:00:00.000Z',
    eventAt,
    demographics: demographics as Demographics,
  };
}

describe('golden records on a bulk load preparation threads', () => {
  it('are those the main thread computes, under its rules and names, in task order', async () => {
    // Trust and the stored name counts must reach the threads: each decides a field here.
    const rules = defaultSurvivorshipRules(['lab', 'clinic']);
    const counts: NameCounts = {
      given: new Map([['jon', 5]]),
      family: new Map([['smyth', 2]]),
    };
    const tasks: GoldenTask[] = Array.from({ length: 7 }, (_, i) => ({
      contributors: [
        registration(`0000000${i}-a`, 'clinic', '2026-02-01T00:00:00.000Z', {
          givenName: 'john',
          familyName: 'smith',
          birthDate: `1980-01-0${i + 1}`,
          city: 'springfield',
        }),
        registration(`0000000${i}-b`, 'lab', '2025-02-01T00:00:00.000Z', {
          givenName: 'jon',
          familyName: 'smyth',
          birthDate: `1980-01-0${i + 1}`,
          city: 'shelbyville',
        }),
      ],
      pins: i === 3 ? { city: 'ogdenville' } : undefined,
    }));
    const reference = path.join(projectRoot(), 'data', 'reference');
    const here = computeGoldens(
      tasks,
      rules,
      survivorshipContext(
        loadNameFrequencies(reference),
        loadReferenceTables(reference).nicknames,
        counts,
      ),
    );
    const pool = new PreparePool(
      {
        dataKeys: [{ id: 'test', secret: randomBytes(32) }],
        model: readModelFile(DEFAULT_MODEL_PATH),
        rules,
      },
      2,
    );
    try {
      const there = await pool.goldens(tasks, counts);
      assert.equal(there.length, tasks.length);
      there.forEach((computed, i) => {
        assert.deepEqual(computed.golden, here[i]);
        const forms = goldenForms(here[i] as (typeof here)[number]);
        assert.equal(computed.forms?.stored, forms.stored);
        assert.deepEqual(Buffer.from(computed.forms?.packed ?? []), Buffer.from(forms.packed));
      });
      assert.equal(there[3]?.golden.city?.value, 'ogdenville');
    } finally {
      await pool.close();
    }
  });
});
