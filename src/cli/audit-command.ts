import { DataSource } from 'typeorm';
import { AuditVerifyReport, verifyAuditChain } from '../audit/audit-verifier';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { withAppContext } from './cli-context';

/** Exit code when the chain is broken: distinct from usage (2) and crash (1). */
export const AUDIT_BROKEN_EXIT = 4;

const HASH = /^[0-9a-f]{64}$/;
const USAGE = 'usage: mpi audit verify [--expect HASH] | mpi audit checkpoint\n';

/**
 * `mpi audit verify [--expect HASH]`: recomputes the keyed hash chain and names the first
 * broken event; with --expect, a checkpoint taken earlier must be in the chain.
 * `mpi audit checkpoint`: verifies, then prints the tail hash alone on stdout, to be kept
 * where no database writer reaches (a ticket, a log shipped elsewhere, a signed e-mail).
 */
export async function auditCommand(what: string | undefined, expect?: string): Promise<number> {
  if (
    (what !== 'verify' && what !== 'checkpoint') ||
    (expect !== undefined && !HASH.test(expect))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const report = await withAppContext((app) =>
    verifyAuditChain(app.get(DataSource), {
      key: app.get<Secrets>(SECRETS).auditKey,
      ...(expect === undefined ? {} : { expectHash: expect }),
      onProgress: (checked) => {
        if (process.stderr.isTTY) process.stderr.write(`\rverified ${checked} events`);
      },
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (!report.intact) return reportBroken(report);
  if (what === 'checkpoint') {
    process.stderr.write(`audit checkpoint at event ${report.lastSeq}\n`);
    process.stdout.write(`${report.lastHash}\n`);
    return 0;
  }
  process.stdout.write(
    `audit chain intact: ${report.checked} events, last event ${report.lastSeq}, hash ${report.lastHash}${legacyNote(report)}${expect ? ', checkpoint found' : ''}\n`,
  );
  return 0;
}

function legacyNote(report: AuditVerifyReport): string {
  return report.legacy > 0 ? ` (${report.legacy} earlier events predate the chain)` : '';
}

function reportBroken(report: AuditVerifyReport): number {
  const broken = report.firstBreak;
  process.stdout.write(
    `audit chain BROKEN at event ${broken?.seq ?? '?'}: ${broken?.reason ?? 'unknown'}; ${report.checked} events before it verified${legacyNote(report)}\n`,
  );
  return AUDIT_BROKEN_EXIT;
}
