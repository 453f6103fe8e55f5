import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeCertificates } from '../support/certificates';
import { TestApp, startTestApp } from '../support/test-app';

function get(
  port: number,
  options: https.RequestOptions,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, path: '/health', method: 'GET', ...options },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS and mutual TLS (MPI_TLS_CERT, MPI_TLS_KEY, MPI_TLS_CLIENT_CA)', () => {
  let t: TestApp;
  let dir: string;
  let port: number;
  const file = (name: string): Buffer => fs.readFileSync(path.join(dir, name));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-tls-'));
    makeCertificates(dir);
    t = await startTestApp('security_tls', {
      MPI_TLS_CERT: path.join(dir, 'server.crt'),
      MPI_TLS_KEY: path.join(dir, 'server.key'),
      MPI_TLS_CLIENT_CA: path.join(dir, 'ca.crt'),
    });
    port = Number(new URL(t.baseUrl).port);
  });
  after(async () => {
    await t.close();
    for (const name of ['MPI_TLS_CERT', 'MPI_TLS_KEY', 'MPI_TLS_CLIENT_CA'])
      delete process.env[name];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS to a client presenting a certificate of the configured CA', async () => {
    const res = await get(port, {
      ca: file('ca.crt'),
      cert: file('client.crt'),
      key: file('client.key'),
    });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).status, 'ok');
  });

  it('refuses a client without a certificate, and one with a self-made certificate', async () => {
    await assert.rejects(get(port, { ca: file('ca.crt') }));
    await assert.rejects(
      get(port, { ca: file('ca.crt'), cert: file('rogue.crt'), key: file('rogue.key') }),
    );
  });

  it('does not speak plain HTTP on the TLS port', async () => {
    const answered = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status,
      () => 0,
    );
    assert.notEqual(answered, 200);
  });
});
