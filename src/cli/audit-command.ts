import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../audit/audit-verifier';
import { withAppContext } from './cli-context';

/** Exit code when the chain is broken: distinct from usage (2) and crash (1). */
export const AUDIT_BROKEN_EXIT = 4;

/** `mpi audit verify`: recomputes the hash chain; names the first broken event. */
export async function auditCommand(what: string | undefined): Promise<number> {
  if (what !== 'verify') {
    process.stderr.write('usage: mpi audit verify\n');
    return 2;
  }
  const report = await withAppContext((app) =>
    verifyAuditChain(app.get(DataSource), (checked) => {
      if (process.stderr.isTTY) process.stderr.write(`\rverified ${checked} events`);
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  const legacy = report.legacy > 0 ? ` (${report.legacy} earlier events predate the chain)` : '';
  if (report.intact) {
    process.stdout.write(
      `audit chain intact: ${report.checked} events, last event ${report.lastSeq}, hash ${report.lastHash}${legacy}\n`,
    );
    return 0;
  }
  const broken = report.firstBreak;
  process.stdout.write(
    `audit chain BROKEN at event ${broken?.seq ?? '?'}: ${broken?.reason ?? 'unknown'}; ${report.checked} events before it verified${legacy}\n`,
  );
  return AUDIT_BROKEN_EXIT;
}
