import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { retryOnConflict } from '../database/retry-on-conflict';
import { Principal } from '../auth/principal';
import { SourceRecordRepository, recordKey } from './source-record.repository';
import { MatchModelProvider } from '../retrieval/match-model.provider';
import { RekeyedRecord, rekeyRecord } from './key-rotation';
import { KeyRotationRepository, RotationCandidate } from './key-rotation.repository';
import { retiredSourceIdTokens, retiredTokenizers } from '../tokens/key-rotation-lookup';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';

export interface RotationBatch {
  /** Id of the last record looked at: the next batch starts after it. */
  lastId: string | null;
  /** Records looked at (under a key other than the active one). */
  seen: number;
  rotated: number;
  /** Changed meanwhile, or already rotated by someone else: the next pass takes them. */
  skipped: number;
  /** A record with the same key already exists under the active key (a duplicate to merge). */
  conflicts: number;
  /** Sealed under a key that is no longer configured. */
  unreadable: number;
}

/**
 * Key rotation without downtime. `mpi keys rotate` walks the records still under a retired key
 * in id order, a batch per transaction, re-tokenizing and re-encrypting each under the active
 * key (key-rotation.ts). Meanwhile the service keeps matching: lookups hash blocking keys
 * under every configured key (key-rotation-lookup.ts), and an ingest of a record that still
 * sits under a retired key adopts it first (adoptRetiredKeyRecords), so it is updated, not
 * duplicated. Each batch takes the ingest's advisory locks (record keys, blocking keys) before
 * its row locks, in the same sorted order, so it serialises with ingest instead of racing it.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly models: MatchModelProvider,
    private readonly records: SourceRecordRepository,
    private readonly rotation: KeyRotationRepository,
    private readonly audit: AuditService,
  ) {}

  /** Whether some key is retired: records may still be stored under it (see adoptRetiredKeyRecords). */
  get rotating(): boolean {
    return retiredTokenizers(this.tokens.keyring).length > 0;
  }

  get activeKeyId(): string {
    return this.tokens.activeKeyId;
  }

  /** Records per key id. */
  async keyCounts(): Promise<Map<string, number>> {
    return this.rotation.keyCounts(this.dataSource.manager);
  }

  async rotateBatch(
    afterId: string | null,
    limit: number,
    actor: Principal,
  ): Promise<RotationBatch> {
    const rows = await this.rotation.nextUnderOtherKeys(
      this.dataSource.manager,
      this.activeKeyId,
      afterId,
      limit,
    );
    const batch: RotationBatch = {
      lastId: rows[rows.length - 1]?.id ?? null,
      seen: rows.length,
      rotated: 0,
      skipped: 0,
      conflicts: 0,
      unreadable: 0,
    };
    if (rows.length === 0) return batch;
    const { rekeyed, unreadable } = this.rekeyAll(rows);
    batch.unreadable = unreadable;
    const written = await retryOnConflict(
      () => this.dataSource.transaction((m) => this.writeBatch(m, rows, rekeyed, actor)),
      { attempts: 5, pauseMs: 25 },
    );
    return { ...batch, ...written };
  }

  private async writeBatch(
    manager: EntityManager,
    rows: RotationCandidate[],
    rekeyed: RekeyedRecord[],
    actor: Principal,
  ): Promise<Pick<RotationBatch, 'rotated' | 'skipped' | 'conflicts'>> {
    await this.records.lockKeys(
      manager,
      rekeyed.flatMap((r) => [
        recordKey(r.source, r.sourceIdToken),
        recordKey(r.source, r.fromSourceIdToken),
        ...r.blockKeys,
      ]),
    );
    const current = await this.rotation.lockCurrent(
      manager,
      rekeyed.map((r) => r.id),
    );
    const read = new Map(rows.map((r) => [r.id, r]));
    const unchanged = new Set(
      current
        .filter(
          (c) => c.keyId === read.get(c.id)?.keyId && c.contentHash === read.get(c.id)?.contentHash,
        )
        .map((c) => c.id),
    );
    const still = rekeyed.filter((r) => unchanged.has(r.id));
    const clashes = await this.clashes(manager, still);
    const ready = still.filter((r) => !clashes.has(r.id));
    await this.write(manager, ready);
    if (ready.length > 0) {
      await this.audit.record(manager, actor, {
        action: 'keys.rotate',
        outcome: 'success',
        recordIds: ready.map((r) => r.id),
        detail: {
          toKey: this.activeKeyId,
          fromKeys: [...new Set(ready.map((r) => r.fromKeyId))].sort(),
          rotated: ready.length,
        },
      });
    }
    return {
      rotated: ready.length,
      skipped: rekeyed.length - still.length,
      conflicts: clashes.size,
    };
  }

  /**
   * Ingest's hook: records of this round that still sit under a retired key are re-keyed in
   * the ingest's transaction, so the upsert that follows finds them by their active-key token.
   * The ingest already holds the advisory locks of the rounds' record keys.
   */
  async adoptRetiredKeyRecords(
    manager: EntityManager,
    round: readonly { source: string; sourceIdEnc: string; sourceIdToken: string }[],
  ): Promise<number> {
    if (retiredTokenizers(this.tokens.keyring).length === 0 || round.length === 0) return 0;
    const sources: string[] = [];
    const tokens: string[] = [];
    for (const record of round) {
      const sourceId = this.tokens.decrypt(
        record.sourceIdEnc,
        CIPHER_CONTEXT.sourceId,
        record.sourceIdToken,
      );
      for (const retired of retiredSourceIdTokens(this.tokens, record.source, sourceId)) {
        sources.push(record.source);
        tokens.push(retired.token);
      }
    }
    const rows = await this.rotation.lockByRetiredTokens(
      manager,
      { sources, tokens },
      this.activeKeyId,
    );
    if (rows.length === 0) return 0;
    const { rekeyed } = this.rekeyAll(rows);
    const clashes = await this.clashes(manager, rekeyed);
    const ready = rekeyed.filter((r) => !clashes.has(r.id));
    await this.write(manager, ready);
    return ready.length;
  }

  private rekeyAll(rows: RotationCandidate[]): { rekeyed: RekeyedRecord[]; unreadable: number } {
    const rekeyed: RekeyedRecord[] = [];
    let unreadable = 0;
    for (const row of rows) {
      try {
        rekeyed.push(rekeyRecord(row, this.tokens, this.models.model));
      } catch {
        unreadable += 1;
      }
    }
    return { rekeyed, unreadable };
  }

  /** Ids of records whose active-key token is already taken by another record. */
  private async clashes(manager: EntityManager, rekeyed: RekeyedRecord[]): Promise<Set<string>> {
    if (rekeyed.length === 0) return new Set();
    const taken = await this.rotation.takenKeys(manager, rekeyed);
    const keys = new Set(taken.map((t) => recordKey(t.source, t.sourceIdToken)));
    const clashing = new Set<string>();
    for (const r of rekeyed) {
      const key = recordKey(r.source, r.sourceIdToken);
      // Taken already, or by an earlier record of this batch (duplicates under two old keys).
      if (keys.has(key)) clashing.add(r.id);
      keys.add(key);
    }
    return clashing;
  }

  private async write(manager: EntityManager, rekeyed: RekeyedRecord[]): Promise<void> {
    if (rekeyed.length === 0) return;
    await this.rotation.writeRekeyed(manager, rekeyed);
    await this.records.replaceBlockKeys(
      manager,
      rekeyed.map((r) => ({ recordId: r.id, keys: r.blockKeys, replacing: true })),
    );
  }
}
