import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseError } from 'pg';
import { describeError } from '../../src/cli/describe-error';
import { MpiError } from '../../src/common/mpi-error';

function databaseError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('CLI error lines', () => {
  it('says which server setting to raise when the lock table is full', () => {
    const line = describeError(databaseError('53200', 'out of shared memory'));
    assert.match(line, /\(53200\)/);
    assert.match(line, /max_locks_per_transaction of 256 or more/);
  });

  it('shows only kind and SQLSTATE of other database errors: their text may quote values', () => {
    const line = describeError(
      databaseError('23505', 'duplicate key value violates unique constraint (ssn)=(219099999)'),
    );
    assert.equal(line, 'error (23505)');
    assert.doesNotMatch(line, /219099999/);
  });

  it('shows our own errors whole, with their details', () => {
    const error = new MpiError('invalid-input', 'the file is refused', [
      { location: 'header', reason: 'unknown column x' },
    ]);
    assert.equal(describeError(error), 'the file is refused: unknown column x');
  });
});
