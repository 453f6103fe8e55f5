import { randomBytes } from 'node:crypto';
import { KEY_ID_PATTERN } from '../tokens/keyring';
import { KeyRotationService, RotationBatch } from '../records/key-rotation.service';
import { cliPrincipal, withAppContext } from './cli-context';

const USAGE = `usage: mpi keys status             records per data key
       mpi keys generate [--id ID]  print a new key entry for MPI_TOKEN_KEYS
       mpi keys rotate [--batch N]  re-key every record to the active (first) key
`;

/**
 * Rotating the data key, without downtime:
 *   1. `mpi keys generate --id k2` and put the entry FIRST in MPI_TOKEN_KEYS, keeping the old
 *      key after it; restart the service instances one by one (they read both keys, write k2);
 *   2. `mpi keys rotate` re-tokenizes and re-encrypts every record still under an old key;
 *   3. once `mpi keys status` shows only k2, drop the old key from MPI_TOKEN_KEYS.
 */
export async function keysCommand(
  what: string | undefined,
  options: { batch?: string; id?: string },
): Promise<number> {
  if (what === 'generate') return generate(options.id);
  if (what === 'status') return withAppContext(async (app) => status(app.get(KeyRotationService)));
  if (what === 'rotate') {
    const batch = Number(options.batch ?? '500');
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
      process.stderr.write('--batch is an integer from 1 to 10000\n');
      return 2;
    }
    return withAppContext(async (app) => rotate(app.get(KeyRotationService), batch));
  }
  process.stderr.write(USAGE);
  return 2;
}

function generate(id: string | undefined): number {
  const keyId = id ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  if (!KEY_ID_PATTERN.test(keyId)) {
    process.stderr.write('--id is 1-32 of A-Z a-z 0-9 _ -\n');
    return 2;
  }
  process.stdout.write(`${keyId}:${randomBytes(32).toString('base64')}\n`);
  return 0;
}

async function status(service: KeyRotationService): Promise<number> {
  const counts = await service.keyCounts();
  for (const [keyId, n] of counts) {
    process.stdout.write(
      `${keyId}${keyId === service.activeKeyId ? ' (active)' : ''}: ${n} records\n`,
    );
  }
  if (counts.size === 0) process.stdout.write(`no records; active key ${service.activeKeyId}\n`);
  return 0;
}

/** Passes over the stale records until one rotates nothing more (the rest need attention). */
async function rotate(service: KeyRotationService, batchSize: number): Promise<number> {
  const before = await service.keyCounts();
  const total = [...before]
    .filter(([k]) => k !== service.activeKeyId)
    .reduce((sum, [, n]) => sum + n, 0);
  const totals: Omit<RotationBatch, 'lastId'> = {
    seen: 0,
    rotated: 0,
    skipped: 0,
    conflicts: 0,
    unreadable: 0,
  };
  const started = Date.now();
  for (let pass = 1; pass <= 3; pass++) {
    const rotatedBefore = totals.rotated;
    let after: string | null = null;
    for (;;) {
      const batch = await service.rotateBatch(after, batchSize, cliPrincipal());
      if (batch.seen === 0) break;
      after = batch.lastId;
      totals.seen += batch.seen;
      totals.rotated += batch.rotated;
      totals.skipped += batch.skipped;
      totals.conflicts += batch.conflicts;
      totals.unreadable += batch.unreadable;
      const percent = total === 0 ? 100 : Math.min(100, Math.round((100 * totals.rotated) / total));
      process.stderr.write(
        `keys rotate: ${totals.rotated}/${total} records re-keyed to ${service.activeKeyId} (${percent}%)\n`,
      );
    }
    if (totals.rotated === rotatedBefore) break;
  }
  const remaining = [...(await service.keyCounts())]
    .filter(([k]) => k !== service.activeKeyId)
    .reduce((s, [, n]) => s + n, 0);
  process.stdout.write(
    [
      `active key: ${service.activeKeyId}`,
      `re-keyed: ${totals.rotated}`,
      `conflicts: ${totals.conflicts}`,
      `unreadable: ${totals.unreadable}`,
      `remaining under other keys: ${remaining}`,
      `seconds: ${((Date.now() - started) / 1000).toFixed(1)}`,
    ].join('\n') + '\n',
  );
  return remaining === 0 ? 0 : 5;
}
