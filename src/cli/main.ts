import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { describeError } from './describe-error';
import { auditCommand } from './audit-command';
import { dbCommand } from './db-command';
import { convertCommand, familiesCommand, synthCommand } from './dataset-command';
import { evalCommand } from './eval-command';
import { exportCommand } from './export-command';
import { hl7Command } from './hl7-command';
import { importCommand } from './import-command';
import { keysCommand } from './keys-command';
import { relinkCommand } from './relink-command';
import { tokenCommand } from './token-command';
import { trainCommand } from './train-command';
import { defaultEnvironment } from '../config/environment';

const USAGE = `usage: mpi <verb> [options]
  import FILE [--source NAME]     load a canonical CSV or FHIR NDJSON file through the live matching;
                                  a file of more rows than the store holds records and more than
                                  50,000 takes the bulk path (same decisions, COPY, worker threads,
                                  resumable: rerun after a crash); --bulk or --live forces one
  export links|reviews [--out F]  CSV of links or open review tasks [--reasons]: reviews with a
                                  reason_code column (possible-twin, shared-identifier-conflict, ...)
  token --role ROLE               print a development bearer token
  train [--seed N] [--sample N]   estimate m/u and the prior from stored records (new model version)
  eval FILE... [--train] [--json] link a labelled file (entity_id column) on a scratch database, print
                                  quality; --train: train on it first (unsupervised) and link again;
                                  --truth F: golden records against the people's true values;
                                  --bulk: load it by the bulk import path; --misses F: every
                                  true pair blocking found but linkage left apart, explained
  dataset convert KIND FILE...    a public labelled data set as canonical CSV [--out FILE] [--no-labels]
  dataset synth --people N        labelled synthetic patients as canonical CSV [--seed S] [--out FILE]
                                  [--names builtin|us]: a few common names, or US name frequencies
                                  [--truth F]: each person's true values (for eval --truth)
  dataset families [--people N]   labelled families population (households, twins, Jr/Sr, shared
                                  identifiers; entity_id, household_id, tags) [--seed S] [--out FILE]
                                  [--no-labels] [--truth F]; default 5000 people
  audit verify [--expect HASH]    prove the audit hash chain intact, or name the first broken event;
                                  --expect: a checkpoint hash that must be in the chain
  audit checkpoint                verify, then print the tail hash to keep outside the database
  keys status|generate|rotate     data keys: records per key, a new key [--id ID], re-key [--batch N]
  hl7 send FILE [--port P]        push a file of HL7 v2 messages to the MLLP listener [--host H]
  hl7 dead-letters [list|replay ID]  frames the HL7 listener could not read; process one again
  relink [--batch N]              re-decide automatic links under the current model version, resumable
                                  [--batches N]: stop after N batches (run again to continue)
  db grants [--role NAME]         print the SQL granting the service's database role (default
                                  mpi_app) only what it needs, for an administrator to run
`;

async function run(argv: string[]): Promise<number> {
  // The service's session limits guard it against costly requests; bulk work (import, train,
  // keys rotate, eval) runs statements and transactions longer than any request, by design.
  defaultEnvironment({ MPI_STATEMENT_TIMEOUT_MS: '0', MPI_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0' });
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      bulk: { type: 'boolean' },
      live: { type: 'boolean' },
      out: { type: 'string' },
      role: { type: 'string' },
      seed: { type: 'string' },
      sample: { type: 'string' },
      people: { type: 'string' },
      names: { type: 'string' },
      truth: { type: 'string' },
      misses: { type: 'string' },
      json: { type: 'boolean' },
      reasons: { type: 'boolean' },
      train: { type: 'boolean' },
      'no-labels': { type: 'boolean' },
      batch: { type: 'string' },
      batches: { type: 'string' },
      id: { type: 'string' },
      expect: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, arg] = positionals;
  switch (verb) {
    case 'import':
      if (!arg) break;
      return importCommand(
        arg,
        values.source,
        values.bulk === true ? 'bulk' : values.live === true ? 'live' : 'auto',
      );
    case 'export':
      return exportCommand(arg, values.out, values.reasons === true);
    case 'token':
      return tokenCommand(values.role);
    case 'train':
      return trainCommand(values.seed, values.sample);
    case 'eval':
      return evalCommand(positionals.slice(1), {
        json: values.json === true,
        train: values.train === true,
        truth: values.truth,
        bulk: values.bulk === true,
        misses: values.misses,
      });
    case 'audit':
      return auditCommand(arg, values.expect);
    case 'keys':
      return keysCommand(arg, { batch: values.batch, id: values.id });
    case 'hl7':
      return hl7Command(positionals.slice(1), { host: values.host, port: values.port });
    case 'relink':
      return relinkCommand({ batch: values.batch, batches: values.batches });
    case 'db':
      return dbCommand(arg, values.role);
    case 'dataset':
      if (arg === 'convert')
        return convertCommand(
          positionals[2],
          positionals.slice(3),
          values.out,
          values['no-labels'] !== true,
        );
      if (arg === 'families')
        return familiesCommand(
          values.people,
          values.seed,
          values.out,
          values['no-labels'] !== true,
          values.truth,
        );
      if (arg === 'synth')
        return synthCommand(values.people, values.seed, values.out, values.names, values.truth);
      break;
    default:
      // An unknown verb, or none: the usage below.
      break;
  }
  process.stderr.write(USAGE);
  return verb && !values.help ? 2 : 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`mpi: ${describeError(error)}\n`);
    process.exit(1);
  },
);
