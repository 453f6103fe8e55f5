import { parentPort, workerData } from 'node:worker_threads';
import { isRejection, prepareRecord } from '../record-preparer';
import { storedRow } from '../stored-row';
import { PrepareRequest, PrepareResponse, PrepareWorkerData } from './prepare-messages';
import { workerPreparationTools } from './worker-preparation-tools';

/**
 * A bulk import's preparation thread: the same prepareRecord as the live ingest, under the
 * same keys and model, for chunks of rows the main thread sends.
 */
function start(): void {
  const port = parentPort;
  if (!port) return;
  const data = workerData as PrepareWorkerData;
  const tools = workerPreparationTools(
    data.dataKeys.map((k) => ({ id: k.id, secret: Buffer.from(k.secret) })),
    data.model,
  );
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
