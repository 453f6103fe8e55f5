import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../src/config/app-config';
import { IngestRecord } from '../../src/formats/ingest-record';
import { DEFAULT_MODEL_FILE } from '../../src/matching/model/default-model';
import { workerPreparationTools } from '../../src/records/bulk/worker-preparation-tools';
import { PreparationTools, isRejection, prepareRecord } from '../../src/records/record-preparer';
import { readRecordFile } from '../../src/records/record-file-reader';
import { storedRow } from '../../src/records/stored-row';
import { readModelFile } from '../../src/retrieval/match-model.provider';
import { CIPHER_CONTEXT, TokenService } from '../../src/tokens/token.service';

/**
 * The bulk worker's preparation (prepareRecord, then storedRow) over a record file, on this
 * thread, under a fixed data key:
 *
 *     node dist/test/bench/prepare-check.js FILE [--out DUMP] [--passes N]
 *
 * `--out` writes every record's result, one JSON line each (features, tokens, blocking keys,
 * content hash, the stored row with its two ciphertexts opened, since their IVs are random),
 * so the outputs of two builds can be diffed: a change to preparation that claims to change no
 * output proves it on FEBRL and the generator by an empty diff. Without `--out` it prints the
 * rate of `--passes` passes (records/s on one core), the first pass left out as warm-up.
 */
const KEY = { id: 'check', secret: Buffer.alloc(32, 7) };
/** The generators' label columns (`dataset synth`, `dataset families`): read, not prepared. */
const LABEL_COLUMNS = ['entity_id', 'household_id', 'tags'];

async function main(): Promise<void> {
  const [file, ...rest] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: prepare-check FILE [--out DUMP] [--passes N]');
  const option = (name: string): string | undefined => {
    const at = rest.indexOf(name);
    return at < 0 ? undefined : rest[at + 1];
  };
  const records: IngestRecord[] = [];
  for await (const row of readRecordFile(file, { extraColumns: LABEL_COLUMNS }))
    if ('record' in row) records.push(row.record);
  const model = readModelFile(path.join(projectRoot(), DEFAULT_MODEL_FILE));
  const tools = workerPreparationTools([KEY], model);
  const { tokens } = tools;
  const out = option('--out');
  if (out !== undefined) {
    fs.writeFileSync(out, records.map((r, i) => dumpLine(r, i, tools, tokens)).join(''));
    console.log(`${records.length} records prepared into ${out}`);
    return;
  }
  const passes = Number(option('--passes') ?? 4);
  const pass = (): void => {
    for (let i = 0; i < records.length; i++) {
      const prepared = prepareRecord(records[i]!, i, tools);
      if (!isRejection(prepared)) storedRow(prepared);
    }
  };
  pass();
  // On a shared machine a pass is slowed by whatever the neighbours run meanwhile: the best
  // pass is the figure least disturbed, the median says how noisy the run was.
  const seconds: number[] = [];
  for (let p = 0; p < passes; p++) {
    const started = process.hrtime.bigint();
    pass();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  seconds.sort((x, y) => x - y);
  const rate = (s: number): string => Math.round(records.length / s).toLocaleString('en-US');
  console.log(
    `prepareRecord + storedRow, one thread: best pass ${rate(seconds[0]!)} records/s, ` +
      `median ${rate(seconds[Math.floor(passes / 2)]!)} (${records.length} records, ` +
      `${passes} passes, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
}

/** One record's whole preparation as a line of JSON, the random parts opened. */
function dumpLine(
  record: IngestRecord,
  index: number,
  tools: PreparationTools,
  tokens: TokenService,
): string {
  const prepared = prepareRecord(record, index, tools);
  if (isRejection(prepared)) return JSON.stringify(prepared) + '\n';
  const { sourceIdEnc, identifiersEnc, ...rest } = prepared;
  const columns = storedRow(prepared).split('\t');
  const sourceId = tokens.decrypt(sourceIdEnc, CIPHER_CONTEXT.sourceId, prepared.sourceIdToken);
  const identifiers =
    identifiersEnc === null
      ? null
      : tokens.decrypt(identifiersEnc, CIPHER_CONTEXT.identifiers, prepared.sourceIdToken);
  // The stored row's ciphertexts (columns 3 and 6) carry random IVs: compare them opened.
  columns[2] = `opened:${sourceId}`;
  if (identifiersEnc !== null) columns[5] = `opened:${identifiers}`;
  return JSON.stringify({ ...rest, sourceId, identifiers, storedRow: columns }) + '\n';
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
