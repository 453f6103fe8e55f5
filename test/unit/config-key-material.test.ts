import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadSecrets, parseKeyList } from '../../src/config/key-material';

const secret = Buffer.alloc(32, 3).toString('base64');

describe('key material', () => {
  it('refuses to start against an external database without configured keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-keys-'));
    assert.throws(() => loadSecrets({}, dir, false), /MPI_TOKEN_KEYS and MPI_JWT_SECRET/);
    assert.equal(
      fs.existsSync(path.join(dir, 'dev-keys.json')),
      false,
      'no key is made up silently',
    );
  });

  it('generates development keys once for the embedded database and reuses them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-keys-'));
    const first = loadSecrets({}, dir, true);
    const second = loadSecrets({}, dir, true);
    assert.equal(first.dataKeys[0]?.id, 'dev1');
    assert.deepEqual(second.dataKeys[0]?.secret, first.dataKeys[0]?.secret);
    assert.equal(
      fs.statSync(path.join(dir, 'dev-keys.json')).mode & 0o077,
      0,
      'the key file is private',
    );
  });

  it('reads keys from the environment or a file it names, the first key active', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-keys-'));
    const file = path.join(dir, 'keys');
    fs.writeFileSync(file, `k2:${secret}\nk1:${secret}\n`);
    const secrets = loadSecrets({ MPI_TOKEN_KEYS_FILE: file, MPI_JWT_SECRET: secret }, dir, false);
    assert.deepEqual(
      secrets.dataKeys.map((k) => k.id),
      ['k2', 'k1'],
    );
  });

  it('rejects short secrets and malformed key lists without quoting them', () => {
    assert.throws(
      () => parseKeyList('k1:c2hvcnQ=', 'MPI_TOKEN_KEYS'),
      (e: Error) => !e.message.includes('c2hvcnQ'),
    );
    assert.throws(() => parseKeyList('no-colon', 'MPI_TOKEN_KEYS'), /id:base64/);
    assert.throws(() => parseKeyList(' , ', 'MPI_TOKEN_KEYS'), /names no key/);
  });
});
