import { DataSource } from 'typeorm';
import { ChainBreak, ChainVerifier } from './audit-chain';
import { chainBounds, chainedEventsFrom, countUnchained, readOnly } from './audit-event.repository';

export interface AuditVerifyReport {
  intact: boolean;
  /** Chained events checked. */
  checked: number;
  /** Events written before the chain existed (not covered by it). */
  legacy: number;
  lastSeq: string;
  lastHash: string;
  firstBreak: ChainBreak | null;
}

export interface AuditVerifyOptions {
  /** The audit key (keyed events cannot be checked without it). */
  key: Buffer;
  /** A checkpoint hash kept outside the database: the chain must hold it. */
  expectHash?: string;
  onProgress?: (checked: number) => void;
}

/**
 * Recomputes the whole chain from one snapshot (REPEATABLE READ, read only), so events
 * committed while it runs neither count nor confuse the tail check.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  options: AuditVerifyOptions,
): Promise<AuditVerifyReport> {
  const { onProgress } = options;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await readOnly(runner);
    const tail = await chainBounds(runner);
    if (!tail) throw new Error('audit_chain_tail is missing: run the migrations');
    const legacy = await countUnchained(runner, tail.start_seq);
    const verifier = new ChainVerifier(
      BigInt(tail.start_seq),
      { afterSeq: BigInt(tail.keyed_from_seq), key: options.key },
      options.expectHash,
    );
    for await (const event of chainedEventsFrom(runner, tail.start_seq)) {
      if (verifier.push(event)) break;
      if (onProgress && verifier.checked % 10000 === 0) onProgress(verifier.checked);
    }
    const firstBreak = verifier.firstBreak ?? verifier.finish(tail);
    await runner.commitTransaction();
    return {
      intact: firstBreak === null,
      checked: verifier.checked,
      legacy,
      lastSeq: tail.seq,
      lastHash: verifier.lastHash,
      firstBreak,
    };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
