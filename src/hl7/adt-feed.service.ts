import { Inject, Injectable } from '@nestjs/common';
import { MpiError } from '../common/mpi-error';
import { IngestService } from '../records/ingest.service';
import { RecordMergeService } from '../records/record-merge.service';
import { Hl7Error } from './hl7-ack';
import { FeedBatcher } from './feed-batcher';
import { HL7_CONFIG, Hl7Config } from './hl7-config';
import { Hl7Message } from './hl7-message';
import { Hl7Sender, ownershipError } from './hl7-sender';
import {
  ContentColumn,
  PID_FIELD_OF,
  PidReading,
  RecordKey,
  Reading,
  readPid,
  resolveCx,
} from './pid-record';
import { applyChanges, canonicalOfSnapshot } from './record-changes';
import { StoredRecords } from './stored-records';

/** What a feed message came to: accepted, or refused with its errors (AE). */
export type FeedOutcome = { code: 'AA' } | { code: 'AE'; errors: Hl7Error[] };

/**
 * Patient feeds (ITI-8 v2.3.1, ITI-30 v2.5). A01/A04/A05/A08/A28/A31 upsert the source record
 * through the ingest path (the same transaction upserts, matches, links and audits as a REST
 * ingest); A40 merges the MRG record into the PID record, A47 gives a record its right id.
 * Every answer is known only after the commit, so AA means stored.
 */
@Injectable()
export class AdtFeedService {
  private readonly batcher: FeedBatcher;

  constructor(
    ingest: IngestService,
    private readonly merges: RecordMergeService,
    private readonly stored: StoredRecords,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
  ) {
    this.batcher = new FeedBatcher(ingest);
  }

  async update(message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    const reading = this.readPatient(message, sender);
    if (!reading.ok) return { code: 'AE', errors: reading.errors };
    return this.store(reading.value, sender);
  }

  /** A40: the PID record survives, the MRG record (same authority) is merged into it. */
  async merge(message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    const pair = this.readPair(message, sender);
    if (!pair.ok) return { code: 'AE', errors: pair.errors };
    const { patient, prior } = pair.value;
    try {
      await this.merges.merge(sourceKey(prior), sourceKey(patient.key), sender.principal);
    } catch (error) {
      return refusal(error, { segment: 'MRG', field: 1 });
    }
    return this.store(patient, sender);
  }

  /** A47: the record known under MRG-1 is the record of PID-3; same record, right id. */
  async changeIdentifier(message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    const pair = this.readPair(message, sender);
    if (!pair.ok) return { code: 'AE', errors: pair.errors };
    const { patient, prior } = pair.value;
    try {
      await this.merges.rekey(sourceKey(prior), sourceKey(patient.key), sender.principal);
    } catch (error) {
      return refusal(error, { segment: 'MRG', field: 1 });
    }
    return { code: 'AA' };
  }

  private readPatient(message: Hl7Message, sender: Hl7Sender): Reading<PidReading> {
    const pid = message.segment('PID');
    if (!pid)
      return {
        ok: false,
        errors: [{ code: 100, location: { segment: 'PID' }, reason: 'the PID segment is missing' }],
      };
    const reading = readPid(message, pid, this.config.domains);
    if (!reading.ok) return reading;
    const owned = ownershipError(sender, reading.value.key, { segment: 'PID', field: 3 });
    return owned ? { ok: false, errors: [owned] } : reading;
  }

  /** PID and MRG-1 of a merge or id change: both keys, under one authority. */
  private readPair(
    message: Hl7Message,
    sender: Hl7Sender,
  ): Reading<{ patient: PidReading; prior: RecordKey }> {
    const patient = this.readPatient(message, sender);
    if (!patient.ok) return patient;
    const mrg = message.segment('MRG');
    const first = message.repetitions(message.field(mrg, 1))[0];
    if (!mrg || first === undefined)
      return {
        ok: false,
        errors: [
          { code: 101, location: { segment: 'MRG', field: 1 }, reason: 'MRG-1 is required' },
        ],
      };
    const prior = resolveCx(message, first, this.config.domains, {
      segment: 'MRG',
      field: 1,
      repetition: 1,
    });
    if (!prior.ok) return prior;
    if (prior.value.domain.namespace !== patient.value.key.domain.namespace)
      return {
        ok: false,
        errors: [
          {
            code: 204,
            location: { segment: 'MRG', field: 1, repetition: 1, component: 4 },
            reason: 'MRG-1 and PID-3 must be of the same assigning authority',
          },
        ],
      };
    return { ok: true, value: { patient: patient.value, prior: prior.value } };
  }

  /** Stored values, changed as the message says, written through the ingest path. */
  private async store(reading: PidReading, sender: Hl7Sender): Promise<FeedOutcome> {
    const key = sourceKey(reading.key);
    const snapshot = await this.stored.snapshot(key.source, key.sourceId);
    const record = applyChanges(
      snapshot ? canonicalOfSnapshot(snapshot) : null,
      key,
      reading.changes,
    );
    const outcome = await this.batcher.store(record, sender.principal);
    if (outcome?.status !== 'rejected') return { code: 'AA' };
    return {
      code: 'AE',
      errors: (outcome.errors ?? []).map((e) => ({
        code: 102,
        location: { segment: 'PID', field: PID_FIELD_OF[e.field as ContentColumn] ?? 3 },
        reason: e.reason,
      })),
    };
  }
}

function sourceKey(key: RecordKey): { source: string; sourceId: string } {
  return { source: key.domain.namespace, sourceId: key.sourceId };
}

/** A merge or re-key the store refused, as the ERR the profile asks for. */
function refusal(error: unknown, where: { segment: string; field: number }): FeedOutcome {
  if (error instanceof MpiError && error.code === 'not-found')
    return {
      code: 'AE',
      errors: [
        { code: 204, location: { ...where, repetition: 1, component: 1 }, reason: error.message },
      ],
    };
  if (error instanceof MpiError && error.code === 'conflict')
    return {
      code: 'AE',
      errors: [
        {
          code: 205,
          location: { segment: 'PID', field: 3, repetition: 1, component: 1 },
          reason: error.message,
        },
      ],
    };
  throw error;
}
