import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MllpClient } from '../../src/hl7/mllp-client';
import { MllpListener } from '../../src/hl7/mllp-listener';
import { makeCertificates } from '../support/certificates';
import { field, frame, registration } from '../support/mllp';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * MLLP over TLS (MPI_HL7_TLS=true) with the HTTP side's certificate settings: MPI_TLS_CERT and
 * MPI_TLS_KEY, and MPI_TLS_CLIENT_CA for mutual TLS (ATNA secure node).
 */
const TLS_ENV = ['MPI_TLS_CERT', 'MPI_TLS_KEY', 'MPI_TLS_CLIENT_CA', 'MPI_HL7_TLS'];

function a04(control: string, id: string): string {
  return registration(control, id, 'SECURE^SAL');
}

/** Sends one message over a connection made with `secure`, closes it, returns the ACK. */
async function sendOver(port: number, secure: object, message: string): Promise<string> {
  const client = await MllpClient.connect('127.0.0.1', port, { servername: '', ...secure });
  try {
    return await client.send(message, 10_000);
  } finally {
    client.close();
  }
}

/** Whether a plain TCP peer gets any MLLP answer on the TLS port (it must not). */
async function plainAnswer(port: number): Promise<boolean> {
  const socket = net.connect(port, '127.0.0.1');
  return new Promise((resolve) => {
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 2_000);
    socket.on('data', (data: Buffer) => done(data.includes(Buffer.from('MSA|'))));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
    socket.write(frame(a04('PLAIN-1', 'P1')));
  });
}

async function startTlsApp(label: string, dir: string, mutual: boolean): Promise<TestApp> {
  return startTestApp(label, {
    MPI_HL7_PORT: '0',
    MPI_HL7_DOMAINS: 'HOSPA',
    MPI_HL7_TLS: 'true',
    MPI_TLS_CERT: path.join(dir, 'server.crt'),
    MPI_TLS_KEY: path.join(dir, 'server.key'),
    ...(mutual ? { MPI_TLS_CLIENT_CA: path.join(dir, 'ca.crt') } : {}),
  });
}

describe('MLLP over TLS and mutual TLS', () => {
  let dir: string;
  const file = (name: string): Buffer => fs.readFileSync(path.join(dir, name));

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-hl7-tls-'));
    makeCertificates(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An app for one describe block, with MLLP over TLS (mutual when `mutual`). */
  const tlsApp = (label: string, mutual: boolean): (() => number) => {
    let t: TestApp;
    let port = 0;
    before(async () => {
      t = await startTlsApp(label, dir, mutual);
      port = t.app.get(MllpListener).port() ?? 0;
    });
    after(async () => {
      await t.close();
      for (const name of TLS_ENV) delete process.env[name];
    });
    return () => port;
  };

  describe('TLS (server certificate only)', () => {
    const port = tlsApp('hl7_tls', false);

    it('answers a feed over TLS to a client that trusts the CA', async () => {
      const ack = await sendOver(port(), { ca: file('ca.crt') }, a04('TLS-1', 'T1'));
      assert.equal(field(ack, 'MSA', 1), 'AA');
      assert.equal(field(ack, 'MSA', 2), 'TLS-1');
    });

    it('gives a client that does not trust the certificate no connection', async () => {
      await assert.rejects(sendOver(port(), {}, a04('TLS-2', 'T2')), /certificate/);
    });

    it('does not answer plain MLLP on the TLS port', async () => {
      assert.equal(await plainAnswer(port()), false);
    });
  });

  describe('mutual TLS (MPI_TLS_CLIENT_CA)', () => {
    const port = tlsApp('hl7_mtls', true);

    it('answers a client presenting a certificate of the configured CA', async () => {
      const ack = await sendOver(
        port(),
        { ca: file('ca.crt'), cert: file('client.crt'), key: file('client.key') },
        a04('MTLS-1', 'M1'),
      );
      assert.equal(field(ack, 'MSA', 1), 'AA');
      assert.equal(field(ack, 'MSA', 2), 'MTLS-1');
    });

    it('answers neither a client without a certificate nor one with a self-made one', async () => {
      await assert.rejects(sendOver(port(), { ca: file('ca.crt') }, a04('MTLS-2', 'M2')));
      await assert.rejects(
        sendOver(
          port(),
          { ca: file('ca.crt'), cert: file('rogue.crt'), key: file('rogue.key') },
          a04('MTLS-3', 'M3'),
        ),
      );
    });

    it('does not answer plain MLLP on the mutual TLS port', async () => {
      assert.equal(await plainAnswer(port()), false);
    });
  });
});
