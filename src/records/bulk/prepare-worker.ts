import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { projectRoot } from '../../config/app-config';
import { KeyMaterial } from '../../config/key-material';
import { loadNameFrequencies } from '../../config/name-frequencies';
import { loadReferenceTables } from '../../config/reference-tables';
import { computeGoldens, survivorshipContext } from '../../linkage/golden-computer';
import { goldenForms } from '../../linkage/stored-golden';
import { storedBlockKeysOf } from '../../retrieval/pair-scorer';
import { TokenService } from '../../tokens/token.service';
import { PreparationTools, isRejection, prepareRecord } from '../record-preparer';
import { storedRow } from '../stored-row';
import {
  GoldenRequest,
  GoldenResponse,
  PrepareRequest,
  PrepareResponse,
  PrepareWorkerData,
} from './prepare-messages';

/** The reference data the main thread reads too (ReferenceTablesProvider, GoldenRecordService). */
function referenceDir(): string {
  return path.join(projectRoot(), 'data', 'reference');
}

/**
 * A bulk import's preparation thread: the same prepareRecord as the live ingest, under the
 * same keys and model, for chunks of rows the main thread sends; and the golden records of
 * a chunk's persons, as GoldenRecordService computes them, under the same rules and data.
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
    tables: loadReferenceTables(referenceDir()),
    tokens,
    storedBlockKeys: (features) => storedBlockKeysOf(data.model, tokens, features),
  };
  const reference = referenceDir();
  const names = loadNameFrequencies(reference);
  port.on('message', (request: PrepareRequest | GoldenRequest) => {
    if (request.kind === 'goldens') {
      const context = survivorshipContext(names, tools.tables.nicknames, request.counts);
      const response: GoldenResponse = {
        seq: request.seq,
        results: computeGoldens(request.tasks, data.rules, context).map((golden) => ({
          golden,
          forms: goldenForms(golden),
        })),
      };
      port.postMessage(response);
      return;
    }
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
