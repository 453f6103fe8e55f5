import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coalescer } from '../../src/common/coalescer';

describe('Coalescer (group commit of one kind of call)', () => {
  it('runs the calls made while a batch runs together as the next batch, answering each', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new Coalescer<number, number>(async (inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs.map((n) => n * 10);
    });
    const first = coalescer.call(1);
    const waiting = [coalescer.call(2), coalescer.call(3), coalescer.call(4)];
    release();
    assert.deepEqual(await Promise.all([first, ...waiting]), [10, 20, 30, 40]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it('rejects every call of a failed batch, and the next batch still runs', async () => {
    let fail = true;
    const coalescer = new Coalescer<string, string>((inputs) => {
      if (fail) return Promise.reject(new Error('down'));
      return Promise.resolve(inputs.map((s) => s.toUpperCase()));
    });
    const failed = await Promise.allSettled([coalescer.call('a'), coalescer.call('b')]);
    assert.deepEqual(
      failed.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await coalescer.call('c'), 'C');
  });
});
