import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { projectRoot } from '../../config/app-config';
import { KeyMaterial } from '../../config/key-material';
import { loadReferenceTables } from '../../config/reference-tables';
import { storedBlockKeysOf } from '../../retrieval/pair-scorer';
import { TokenService } from '../../tokens/token.service';
import { PreparationTools, isRejection, prepareRecord } from '../record-preparer';
import { storedRow } from '../stored-row';
import { PrepareRequest, PrepareResponse, PrepareWorkerData } from './prepare-messages';

/**
 * A bulk import's preparation thread: the same prepareRecord as the live ingest, under the
 * same keys and model, for chunks of rows the main thread sends.
 */
function start(): void {
  const port = parentPort;
  if (!port) return;
  const data = workerData as PrepareWorkerData;
  const dataKeys: KeyMaterial[] = data.dataKeys.map((k) => ({
    id: k.id,
    secret: Buffer.from(k.secret),
  }));
  // Only the data keys are used here; the other secrets never leave the main thread.
  const tokens = new TokenService({
    dataKeys,
    jwtSecret: Buffer.alloc(0),
    auditKey: Buffer.alloc(0),
  });
  const tools: PreparationTools = {
    tables: loadReferenceTables(path.join(projectRoot(), 'data', 'reference')),
    tokens,
    storedBlockKeys: (features) => storedBlockKeysOf(data.model, tokens, features),
  };
  port.on('message', (request: PrepareRequest) => {
    const response: PrepareResponse = {
      seq: request.seq,
      results: request.rows.map((row) => {
        const prepared = prepareRecord(row.record, row.index, tools);
        return isRejection(prepared) ? prepared : { ...prepared, storedRow: storedRow(prepared) };
      }),
    };
    port.postMessage(response);
  });
}

start();
