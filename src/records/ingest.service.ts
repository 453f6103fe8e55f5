import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MatchFeatures } from '../matching/record-types';
import { IngestRecord } from '../formats/ingest-record';
import { IngestOutcome, PreparedRecord } from './prepared-record';
import { RecordPreparer, isRejection } from './record-preparer';
import {
  ExistingRecord,
  RoundWrite,
  SourceRecordRepository,
  recordKey,
} from './source-record.repository';
import { LinkageService } from '../linkage/linkage.service';
import { MatchViewRecord } from '../linkage/match-view.repository';
import { Contributor } from '../linkage/golden-record';
import { adjustPart } from '../retrieval/name-frequency.repository';
import { runParts } from '../database/statement-parts';
import { KeyRotationService } from './key-rotation.service';
import { lockKeysOf } from './lock-conflicts';
import { retryOnConflict } from '../database/retry-on-conflict';
import { TermFrequencyCache } from '../retrieval/term-frequency.cache';
import { RoundAddendum } from './round-addendum';
import { EarlyTransaction } from '../database/early-transaction';

export interface IngestSummary {
  outcomes: IngestOutcome[];
  counts: Record<IngestOutcome['status'], number>;
}

/**
 * Writes a batch of records in one transaction: upsert by (source, source id), blocking
 * keys, name frequencies, then linkage and the audit event. Invalid records are rejected
 * one by one; they never hold back their valid neighbours.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly preparer: RecordPreparer,
    private readonly records: SourceRecordRepository,
    private readonly audit: AuditService,
    private readonly linker: LinkageService,
    private readonly keyRotation: KeyRotationService,
    private readonly frequencies: TermFrequencyCache,
  ) {}

  async ingest(inputs: IngestRecord[], actor: Principal, indexBase = 0): Promise<IngestSummary> {
    const { prepared, rejected } = this.prepareAll(inputs, indexBase);
    return this.ingestPrepared(prepared, actor, rejected);
  }

  /** The CPU half, apart so that an importer can see a batch's lock keys before it writes. */
  prepareAll(
    inputs: IngestRecord[],
    indexBase = 0,
  ): { prepared: PreparedRecord[]; rejected: IngestOutcome[] } {
    const rejected: IngestOutcome[] = [];
    const prepared: PreparedRecord[] = [];
    inputs.forEach((input, i) => {
      const result = this.preparer.prepare(input, indexBase + i);
      if (isRejection(result))
        rejected.push({ index: result.index, status: 'rejected', errors: result.errors });
      else prepared.push(result);
    });
    return { prepared, rejected };
  }

  /**
   * With an `addendum` (the HL7 feed's), the records must have unique keys (one round): the
   * addendum's writes go in that round's last statement, or, when every record was rejected,
   * in a transaction of their own. With `early` (a transaction begun already), the first
   * write's first attempt goes in it; it is rolled back when nothing is written.
   */
  async ingestPrepared(
    prepared: PreparedRecord[],
    actor: Principal,
    rejected: IngestOutcome[] = [],
    addendum?: RoundAddendum,
    early?: EarlyTransaction,
  ): Promise<IngestSummary> {
    let begun = early;
    const transaction = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      const opened = begun;
      begun = undefined;
      return opened ? opened.run(work) : this.dataSource.transaction(work);
    };
    try {
      const outcomes = [...rejected];
      const rounds = roundsWithUniqueKeys(prepared);
      if (addendum && rounds.length > 1)
        throw new Error('an addendum needs records of unique keys');
      if (addendum && rounds.length === 0)
        await retryOnConflict(
          () => transaction((manager) => this.writeAlone(manager, addendum, rejected)),
          { attempts: 4, pauseMs: 20 },
        );
      for (const round of rounds) {
        const written = await retryOnConflict(
          () =>
            transaction((manager) =>
              this.writeRound(manager, round, actor, addendum && { addendum, rejected }),
            ),
          { attempts: 4, pauseMs: 20 },
        );
        // Committed: the next round's scoring sees this one's names as the store now counts them.
        this.frequencies.apply(written.nameDeltas);
        outcomes.push(...written.outcomes);
      }
      outcomes.sort((a, b) => a.index - b.index);
      return { outcomes, counts: countByStatus(outcomes) };
    } finally {
      await begun?.abandon();
    }
  }

  /**
   * The round's advisory locks (its lock keys), then its records as stored, row-locked, the
   * write of those changed and the linker's state for them: one round trip, or three during a
   * key rotation, when a record still under a retired key is re-keyed in between so that it
   * is found.
   */
  private async lockAndWrite(manager: EntityManager, round: PreparedRecord[]): Promise<RoundWrite> {
    const state = this.linker.stateRequest(round);
    if (!this.keyRotation.rotating)
      return this.records.lockAndWrite(manager, round.flatMap(lockKeysOf), round, state);
    await this.records.lockKeys(manager, round.flatMap(lockKeysOf));
    await this.keyRotation.adoptRetiredKeyRecords(manager, round);
    return this.records.lockAndWrite(manager, [], round, state);
  }

  private async writeRound(
    manager: EntityManager,
    round: PreparedRecord[],
    actor: Principal,
    extra?: { addendum: RoundAddendum; rejected: IngestOutcome[] },
  ): Promise<{ outcomes: IngestOutcome[]; nameDeltas: Map<string, number> }> {
    const { existing, ids, eventTimes, writtenAt, state } = await this.lockAndWrite(manager, round);
    // As the function chose them (new, or of another content hash): a round holds a key once.
    const changed = round.filter((r) => ids.has(recordKey(r.source, r.sourceIdToken)));
    const outcomes = outcomesOf(round, existing, ids);
    const written = writtenForLinkage(changed, existing, { ids, eventTimes, writtenAt });
    const { results: links, lastWrites } = await this.linker.linkRound(
      manager,
      written.map((w) => w.view),
      actor,
      new Map(written.map((w) => [w.view.recordId, w.contributor])),
      state,
    );
    for (const outcome of outcomes) {
      const link = links.get(outcome.recordId ?? '');
      if (link)
        Object.assign(outcome, { personId: link.personId, link: link.link, reviews: link.reviews });
    }
    // Common names are shared by nearly every batch: their counters are updated last, in one
    // statement with the golden records, review tasks and the audit entry, so concurrent
    // batches wait on each other only to commit. The entry takes the chain's tail once the
    // counters are written: every writer locks names, then the tail, never the other way.
    const nameDeltas = nameFrequencyDeltas(changed, existing);
    const adjusted = adjustPart(nameDeltas);
    const added = extra?.addendum.writes([...extra.rejected, ...outcomes]);
    const audited = this.audit.appendPart(
      [
        {
          actor,
          entry: {
            action: 'record.ingest',
            outcome: 'success',
            recordIds: outcomes.map((o) => o.recordId ?? ''),
            personIds: [...new Set([...links.values()].map((l) => l.personId))],
            detail: countByStatus(outcomes),
          },
        },
        ...(added?.audit ?? []),
      ],
      adjusted ? 'names_adjusted' : undefined,
    );
    const own = [...lastWrites, ...(adjusted ? [adjusted] : [])];
    const last = [...own, ...(added?.parts ?? []), audited.part];
    // Prepared: its text repeats (one per mix of parts and entry count), and planning these
    // CTEs on every round was a good part of PostgreSQL's CPU for a feed message.
    const rows = await runParts(manager, last, { prepare: true });
    await audited.settle(manager, rows[last.length - 1] ?? []);
    extra?.addendum.settle(rows.slice(own.length, last.length - 1));
    return { outcomes, nameDeltas };
  }

  /** An addendum whose records were all rejected: its writes alone, in one statement. */
  private async writeAlone(
    manager: EntityManager,
    addendum: RoundAddendum,
    rejected: IngestOutcome[],
  ): Promise<void> {
    const { parts, audit } = addendum.writes(rejected);
    const audited = audit.length > 0 ? this.audit.appendPart(audit) : null;
    const last = [...parts, ...(audited ? [audited.part] : [])];
    if (last.length === 0) return;
    const rows = await runParts(manager, last);
    await audited?.settle(manager, rows[parts.length] ?? []);
    addendum.settle(rows.slice(0, parts.length));
  }
}

/** What became of each record of a round: unchanged, updated or created, with its id. */
function outcomesOf(
  round: PreparedRecord[],
  existing: Map<string, ExistingRecord>,
  ids: Map<string, string>,
): IngestOutcome[] {
  return round.map((r): IngestOutcome => {
    const key = recordKey(r.source, r.sourceIdToken);
    const before = existing.get(key);
    const written = ids.get(key);
    if (written === undefined)
      return { index: r.index, status: 'unchanged', recordId: before?.id ?? '' };
    return { index: r.index, status: before ? 'updated' : 'created', recordId: written };
  });
}

/**
 * What the linker starts from, without reading the round back: each changed record's features
 * and current link to match with, and its demographics for new persons' golden records.
 */
function writtenForLinkage(
  changed: PreparedRecord[],
  existing: Map<string, ExistingRecord>,
  written: { ids: Map<string, string>; eventTimes: Map<string, string>; writtenAt: string },
): { view: MatchViewRecord; contributor: Contributor }[] {
  return changed.map((r) => {
    const key = recordKey(r.source, r.sourceIdToken);
    const recordId = written.ids.get(key) ?? '';
    const link = existing.get(key)?.link ?? null;
    return {
      view: {
        recordId,
        source: r.source,
        features: r.features,
        blockKeys: r.blockKeys,
        personId: link?.personId ?? null,
        linkKind: link?.kind ?? null,
      },
      contributor: {
        recordId,
        source: r.source,
        changedAt: written.writtenAt,
        eventAt: written.eventTimes.get(key),
        demographics: r.demographics,
      },
    };
  });
}

/** A key sent twice in one batch is written in order: each repeat goes to a later round. */
function roundsWithUniqueKeys(records: PreparedRecord[]): PreparedRecord[][] {
  const rounds: PreparedRecord[][] = [];
  let current: PreparedRecord[] = [];
  let seen = new Set<string>();
  for (const record of records) {
    const key = recordKey(record.source, record.sourceIdToken);
    if (seen.has(key)) {
      rounds.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(key);
    current.push(record);
  }
  if (current.length > 0) rounds.push(current);
  return rounds;
}

const NAME_FIELDS = ['given', 'family'] as const;

export function nameFrequencyDeltas(
  changed: PreparedRecord[],
  existing: Map<string, ExistingRecord>,
): Map<string, number> {
  const deltas = new Map<string, number>();
  const bump = (features: MatchFeatures, by: number): void => {
    for (const field of NAME_FIELDS) {
      const value = features[field];
      if (value)
        deltas.set(`${field}\u0000${value}`, (deltas.get(`${field}\u0000${value}`) ?? 0) + by);
    }
  };
  for (const record of changed) {
    const before = existing.get(recordKey(record.source, record.sourceIdToken));
    if (before) bump(before.features, -1);
    bump(record.features, +1);
  }
  return deltas;
}

function countByStatus(outcomes: IngestOutcome[]): Record<IngestOutcome['status'], number> {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  return counts;
}
