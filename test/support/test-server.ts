import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbedded } from '../../src/database/database-server';

/**
 * One PostgreSQL for a whole test run: DATABASE_URL when set, else a throw-away embedded
 * server. Suites make their own databases on it (test-database.ts).
 */
export async function withTestServer(run: (serverUrl: string) => Promise<number>): Promise<number> {
  if (process.env.DATABASE_URL) return run(process.env.DATABASE_URL);
  const dir = path.join(os.tmpdir(), `mpi-test-pg-${process.pid}`);
  const server = await startEmbedded({ dir, persistent: false });
  try {
    return await run(server.ownerUrl);
  } finally {
    await server.release();
  }
}
