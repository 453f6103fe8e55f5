import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { GoldenRecordService } from '../linkage/golden-record.service';
import { LinkRepository } from '../linkage/link.repository';
import { MatchViewRepository } from '../linkage/match-view.repository';
import { PersonRepository } from '../linkage/person.repository';
import { ReviewTaskRepository } from '../linkage/review-task.repository';
import { withOwnIdentifier } from '../matching/features/build-features';
import { ownIdentifier } from '../matching/normalize/other-identifiers';
import { MatchFeatures } from '../matching/record-types';
import { NameFrequencyRepository } from '../retrieval/name-frequency.repository';
import { PairScorer } from '../retrieval/pair-scorer';
import { CIPHER_CONTEXT, TokenService } from '../tokens/token.service';
import { KeyedRecordRow, RecordMergeRepository } from './record-merge.repository';
import { SourceRecordRepository, recordKey } from './source-record.repository';

export interface SourceKey {
  source: string;
  sourceId: string;
}

export interface MergeResult {
  /** What happened to the subsumed record: retired into the survivor, or re-keyed as it. */
  action: 'retired' | 'rekeyed';
  recordId: string;
  personIds: string[];
}

/**
 * Changes a source makes to its own record keys (HL7 ADT A40 and A47), each one transaction
 * with its link events and audit entry:
 *   - merge: the source found two of its records to be one patient. The subsumed record is
 *     retired (removed; the source will not send it again) and its person joins the
 *     survivor's person, the other sources' records with it, as a steward merge would. When
 *     the survivor's key is not stored yet, the subsumed record simply takes that key.
 *   - rekey: a record's id was wrong; the same record gets the right one.
 * Unknown keys are `not-found`; a re-key onto a key in use is a `conflict`.
 */
@Injectable()
export class RecordMergeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RecordMergeRepository,
    private readonly records: SourceRecordRepository,
    private readonly persons: PersonRepository,
    private readonly links: LinkRepository,
    private readonly matchView: MatchViewRepository,
    private readonly nameFrequencies: NameFrequencyRepository,
    private readonly golden: GoldenRecordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly scorer: PairScorer,
    private readonly tasks: ReviewTaskRepository,
  ) {}

  merge(subsumed: SourceKey, survivor: SourceKey, actor: Principal): Promise<MergeResult> {
    return this.dataSource.transaction(async (m) => {
      const [loser, winner] = await this.lockPair(m, subsumed, survivor);
      if (!winner)
        return this.finish(m, actor, 'record.merge', await this.rekeyRow(m, loser, survivor));
      const personIds = await this.joinPersons(m, actor, loser, winner);
      await this.repository.remove(m, loser.id);
      await this.nameFrequencies.adjust(m, nameDeltas(loser));
      await this.links.insertEvent(m, {
        actor: actor.subject,
        kind: 'source-merge',
        recordId: loser.id,
        personId: winner.personId,
        fromPersonId: loser.personId,
        reason: 'the source merged the record into another of its records',
        state: { survivorRecordId: winner.id },
      });
      return this.finish(m, actor, 'record.merge', {
        action: 'retired',
        recordId: winner.id,
        personIds,
      });
    });
  }

  rekey(from: SourceKey, to: SourceKey, actor: Principal): Promise<MergeResult> {
    return this.dataSource.transaction(async (m) => {
      const [record, taken] = await this.lockPair(m, from, to);
      if (taken) throw new MpiError('conflict', 'the new identifier is already in use');
      return this.finish(m, actor, 'record.rekey', await this.rekeyRow(m, record, to));
    });
  }

  /** Locks both keys (sorted, as ingest does) and reads them; the first must exist. */
  private async lockPair(
    m: EntityManager,
    first: SourceKey,
    second: SourceKey,
  ): Promise<[KeyedRecordRow, KeyedRecordRow | null]> {
    const tokens = [first, second].map((k) => this.tokens.sourceIdToken(k.source, k.sourceId));
    await this.records.lockKeys(
      m,
      [first, second].map((k, i) => recordKey(k.source, tokens[i] ?? '')),
    );
    const a = await this.repository.lockByKey(m, first.source, tokens[0] ?? '');
    if (!a) throw new MpiError('not-found', 'no record under the identifier to merge or change');
    const b =
      tokens[1] === tokens[0]
        ? null
        : await this.repository.lockByKey(m, second.source, tokens[1] ?? '');
    return [a, b];
  }

  private async rekeyRow(
    m: EntityManager,
    row: KeyedRecordRow,
    to: SourceKey,
  ): Promise<MergeResult> {
    const token = this.tokens.sourceIdToken(to.source, to.sourceId);
    const identifiers =
      row.identifiersEnc === null
        ? null
        : this.tokens.encrypt(
            this.tokens.decrypt(row.identifiersEnc, CIPHER_CONTEXT.identifiers, row.sourceIdToken),
            CIPHER_CONTEXT.identifiers,
            token,
          );
    const features = this.renamedFeatures(row.features, to);
    await this.repository.rekey(m, row.id, {
      sourceIdToken: token,
      sourceIdEnc: this.tokens.encrypt(to.sourceId, CIPHER_CONTEXT.sourceId, token),
      identifiersEnc: identifiers,
      features,
    });
    if (features !== row.features)
      await this.records.replaceBlockKeys(m, [
        {
          recordId: row.id,
          keys: [...new Set(this.scorer.storedBlockKeys(features))],
          replacing: true,
        },
      ]);
    return { action: 'rekeyed', recordId: row.id, personIds: row.personId ? [row.personId] : [] };
  }

  /**
   * The features under the record's new key: its own identifier is the new key. Features
   * still under a retired key keep theirs until the rotation re-keys them from the stored id.
   */
  private renamedFeatures(features: MatchFeatures, to: SourceKey): MatchFeatures {
    if (features.keyId !== this.tokens.activeKeyId) return features;
    return withOwnIdentifier(
      features,
      ownIdentifier(to.source, to.sourceId),
      this.tokens.tokenizer,
    );
  }

  /**
   * The subsumed record's person joins the survivor's: its other records move over (kept as
   * they were linked), its id points to the survivor and its open tasks ask about the survivor,
   * as after a steward merge.
   */
  private async joinPersons(
    m: EntityManager,
    actor: Principal,
    loser: KeyedRecordRow,
    winner: KeyedRecordRow,
  ): Promise<string[]> {
    const from = loser.personId;
    const into = winner.personId;
    if (!from || !into || from === into) return [into, from].filter((id): id is string => !!id);
    await this.persons.lockPersons(m, [from, into]);
    const moved = (await this.matchView.recordsOfPersons(m, [from])).filter(
      (r) => r.recordId !== loser.id,
    );
    for (const r of moved)
      await this.links.setLink(m, r.recordId, into, r.linkKind === 'manual' ? 'manual' : 'auto', {
        probability: null,
        weight: null,
      });
    await this.persons.setMerged(m, from, into);
    await this.tasks.foldTasks(m, new Map([[from, into]]));
    await this.links.insertEvent(m, {
      actor: actor.subject,
      kind: 'merge',
      personId: into,
      fromPersonId: from,
      reason: 'the source merged two of its records',
      state: { moved: moved.map((r) => ({ recordId: r.recordId, kind: r.linkKind })) },
    });
    return [into, from];
  }

  private async finish(
    m: EntityManager,
    actor: Principal,
    action: string,
    result: MergeResult,
  ): Promise<MergeResult> {
    await this.golden.recompute(m, result.personIds);
    await this.audit.record(m, actor, {
      action,
      outcome: 'success',
      recordIds: [result.recordId],
      personIds: result.personIds,
      detail: { via: 'hl7', result: result.action },
    });
    return result;
  }
}

function nameDeltas(row: KeyedRecordRow): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const field of ['given', 'family'] as const) {
    const value = row.features[field];
    if (value) deltas.set(`${field}\u0000${value}`, -1);
  }
  return deltas;
}
