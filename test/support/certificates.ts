import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate (openssl). */
export function makeCertificates(dir: string): void {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=mpi-test-ca',
  );
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'rogue.key',
    '-out',
    'rogue.crt',
    '-days',
    '1',
    '-subj',
    '/CN=mpi-test-client',
  );
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const who of ['server', 'client']) {
    ssl(
      'req',
      ...ec,
      '-keyout',
      `${who}.key`,
      '-out',
      `${who}.csr`,
      '-subj',
      `/CN=mpi-test-${who}`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${who}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${who}.crt`,
      '-days',
      '1',
      ...(who === 'server' ? ['-extfile', 'server.ext'] : []),
    );
  }
}
