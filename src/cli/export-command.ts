import * as fs from 'node:fs';
import { once } from 'node:events';
import { AuditService } from '../audit/audit.service';
import { ExportService } from '../linkage/export.service';
import { cliPrincipal, withAppContext } from './cli-context';

export async function exportCommand(
  what: string | undefined,
  out: string | undefined,
  withReasons = false,
): Promise<number> {
  if (what !== 'links' && what !== 'reviews') {
    process.stderr.write('usage: mpi export links|reviews [--out FILE] [--reasons]\n');
    return 2;
  }
  await withAppContext(async (app) => {
    const service = app.get(ExportService);
    const target = out ? fs.createWriteStream(out) : process.stdout;
    let rows = -1;
    for await (const line of what === 'links' ? service.links() : service.reviews(withReasons)) {
      rows += 1;
      if (!target.write(line)) await once(target, 'drain');
    }
    if (out) {
      (target as fs.WriteStream).end();
      await once(target, 'finish');
    }
    await app.get(AuditService).recordAlone(cliPrincipal(), {
      action: `export.${what}`,
      outcome: 'success',
      detail: { rows },
    });
    if (out) process.stderr.write(`${rows} rows written to ${out}\n`);
  });
  return 0;
}
