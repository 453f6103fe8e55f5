import * as fs from 'node:fs';
import * as http from 'node:http';
import { Pool } from 'pg';
import { matchCandidatesStatement } from '../../src/fhir/fhir-patient.repository';
import { PERSONS_READ_AHEAD } from '../../src/fhir/patient-match.service';

/**
 * The floor of Patient/$match on this machine: a bare Node `http` server that does the least a
 * $match must do: read the request, run the one prepared statement that reads the candidates
 * and their golden records (the service's own, on the same store, as many connections as the
 * service's pool), and answer a body of the size the service answers. Its blocking keys come
 * ready-made in a file (request body -> keys), so nothing is normalized, tokenized, scored,
 * audited, logged or serialised. Run as a child process by fhir-match.bench.ts:
 *   DATABASE_URL, PORT, MPI_FLOOR_KEYS (JSON: [[body, keys], ...]), MPI_FLOOR_BODY_BYTES,
 *   MPI_FLOOR_CAP (candidates per key).
 */
function main(): void {
  const keysOf = new Map(
    JSON.parse(fs.readFileSync(process.env.MPI_FLOOR_KEYS ?? '', 'utf8')) as [string, string[]][],
  );
  const answer = Buffer.from(
    JSON.stringify({ resourceType: 'Bundle', pad: '' }).replace(
      '""',
      `"${'x'.repeat(Math.max(0, Number(process.env.MPI_FLOOR_BODY_BYTES) - 32))}"`,
    ),
  );
  const capPerKey = Number(process.env.MPI_FLOOR_CAP ?? 200);
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  // The store may stop before this server does (the bench stops it last): nothing to do then.
  pool.on('error', () => undefined);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const keys = keysOf.get(body) ?? [];
      const statement = matchCandidatesStatement({ keys, capPerKey }, PERSONS_READ_AHEAD);
      pool.query(statement).then(
        () => {
          response.writeHead(200, { 'content-type': 'application/fhir+json; charset=utf-8' });
          response.end(answer);
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

main();
