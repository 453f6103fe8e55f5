import * as fs from 'node:fs';
import * as path from 'node:path';

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
