import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { exportCommand } from './export-command';
import { importCommand } from './import-command';
import { tokenCommand } from './token-command';

const USAGE = `usage: mpi <verb> [options]
  import FILE [--source NAME]     load a canonical CSV or FHIR NDJSON file
  export links|reviews [--out F]  CSV of links or open review tasks
  token --role ROLE               print a development bearer token
`;

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      out: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, arg] = positionals;
  switch (verb) {
    case 'import':
      if (!arg) break;
      return importCommand(arg, values.source);
    case 'export':
      return exportCommand(arg, values.out);
    case 'token':
      return tokenCommand(values.role);
  }
  process.stderr.write(USAGE);
  return verb && !values.help ? 2 : 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Errors raised by our code carry no values; anything else is reported by kind only.
    const message = error instanceof Error && error.name === 'MpiError' ? error.message : error instanceof Error ? error.name : 'error';
    process.stderr.write(`mpi: ${message}\n`);
    process.exit(1);
  },
);
