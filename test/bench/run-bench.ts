import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The machine the figures come from. Huge pages matter: without them every PostgreSQL backend
 * maps the shared buffers 4 kB at a time, and on a virtual machine those page faults cost more
 * than the queries (see the README's "Running a large store").
 */
function machine(): string {
  const meminfo = fs.existsSync('/proc/meminfo') ? fs.readFileSync('/proc/meminfo', 'utf8') : '';
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  const huge = field('HugePages_Total');
  const hugePages =
    huge > 0
      ? `${huge} huge pages of ${field('Hugepagesize') / 1024} MB (${field('HugePages_Free')} free)`
      : 'no huge pages';
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${hugePages}, node ${process.version}`;
}

/**
 * `npm run bench`: runs every `*.bench.js` next to this file (or those whose names contain
 * one of the arguments), one after another, each printing its own figures.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
    .sort();
  process.stdout.write(`machine: ${machine()}\n`);
  for (const file of files) {
    process.stdout.write(`\n== ${file.replace(/\.bench\.js$/, '')}\n`);
    const bench = (await import(path.join(__dirname, file))) as { run?: () => Promise<void> };
    if (typeof bench.run !== 'function') throw new Error(`${file} exports no run()`);
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
