import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MpiError } from '../common/mpi-error';
import { IngestService } from '../records/ingest.service';
import { RecordMergeService } from '../records/record-merge.service';
import { StewardActionsService } from '../linkage/steward-actions.service';
import { Hl7Error } from './hl7-ack';
import { FeedBatcher, FeedUpdate } from './feed-batcher';
import { Delivered, Delivery } from './feed-delivery';
import { Hl7InboundRepository } from './hl7-inbound.repository';
import { IngestOutcome } from '../records/prepared-record';
import { Hl7Config } from '../config/hl7-section';
import { HL7_CONFIG } from './hl7-config';
import { Hl7Message } from './hl7-message';
import { FEED_LISTENER, Hl7Sender, ownershipError } from './hl7-sender';
import {
  ContentColumn,
  PID_FIELD_OF,
  PidReading,
  RecordKey,
  Reading,
  readPid,
  resolveCx,
} from './pid-record';
import { eventTimeOf } from './event-time';
import { StoredRecords } from './stored-records';
import { RecordRow } from '../fhir/fhir-patient.repository';

/** A PID read as changes, with when the source says the event happened (EVN, MSH-7). */
type PatientReading = PidReading & { eventAt?: string };

/** The record an accepted update wrote, for its sender's audit entry. */
export interface WrittenRecord {
  recordId: string;
  personId: string | null;
  status: string;
}

/** What a feed message came to: accepted (with the record an update wrote), or refused (AE). */
export type FeedOutcome =
  { code: 'AA'; written?: WrittenRecord } | { code: 'AE'; errors: Hl7Error[] };

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
    private readonly steward: StewardActionsService,
    private readonly stored: StoredRecords,
    inbound: Hl7InboundRepository,
    dataSource: DataSource,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
  ) {
    this.batcher = new FeedBatcher(ingest, stored, inbound, dataSource, FEED_LISTENER);
  }

  /** An update's (A01 to A31) changes of its PID record, or why it is refused (AE). */
  readUpdate(message: Hl7Message, sender: Hl7Sender): Reading<FeedUpdate> {
    const reading = this.readPatient(message, sender);
    return reading.ok ? { ok: true, value: feedUpdateOf(reading.value) } : reading;
  }

  /**
   * An update written through the ingest path in a round shared with other connections'
   * messages, its ACK and audit entry (`delivery`) in the same transaction; or the ACK already
   * stored under its control id, and nothing written.
   */
  update(update: FeedUpdate, delivery: Delivery): Promise<Delivered> {
    return this.batcher.store(update, delivery);
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
    return this.store(patient);
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

  /**
   * A24 (ITI-30 Link/Unlink option): the source says its two records (first and second PID)
   * are one patient. The second record joins the first's person by a manual link, as a
   * steward's link would: the automatic linker never moves it out again.
   */
  link(message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    return this.onPair(message, sender, (recordId, personId) =>
      this.steward.linkRecord(recordId, personId, sender.principal, 'HL7 ADT^A24'),
    );
  }

  /**
   * A37: the source says its two records are not one patient (undoing an A24, or a link the
   * MPI made). Recorded as a steward's "not a match" of the second record with the first's
   * person: the second leaves it if it was there, and no automatic link joins them again.
   */
  unlink(message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    return this.onPair(message, sender, (recordId, personId) =>
      this.steward.notAMatch(recordId, personId, sender.principal, 'HL7 ADT^A37'),
    );
  }

  /** A steward action on the second record of an A24 or A37 and the first record's person. */
  private async onPair(
    message: Hl7Message,
    sender: Hl7Sender,
    act: (recordId: string, personId: string) => Promise<unknown>,
  ): Promise<FeedOutcome> {
    const pair = await this.storedPair(message, sender);
    if (!pair.ok) return { code: 'AE', errors: pair.errors };
    const { first, second } = pair.value;
    if (!first.person_id) return { code: 'AA' };
    await act(second.id, (await this.stored.activePersonOf(first)) ?? first.person_id);
    return { code: 'AA' };
  }

  /** The two stored records an A24 or A37 names in its two PID segments (PID-3, first id). */
  private async storedPair(
    message: Hl7Message,
    sender: Hl7Sender,
  ): Promise<Reading<{ first: RecordRow; second: RecordRow }>> {
    const pids = message.all('PID');
    if (pids.length !== 2)
      return {
        ok: false,
        errors: [
          { code: 100, location: { segment: 'PID' }, reason: 'A24 and A37 carry two PID segments' },
        ],
      };
    const rows: RecordRow[] = [];
    for (const [i, pid] of pids.entries()) {
      const where = { segment: 'PID', sequence: i + 1, field: 3 };
      const first = message.repetitions(message.field(pid, 3))[0];
      if (first === undefined)
        return { ok: false, errors: [{ code: 101, location: where, reason: 'PID-3 is required' }] };
      const key = resolveCx(message, first, this.config.domains, { ...where, repetition: 1 });
      if (!key.ok) return key;
      const owned = ownershipError(sender, key.value, where);
      if (owned) return { ok: false, errors: [owned] };
      const row = await this.stored.row(key.value.domain.namespace, key.value.sourceId);
      if (!row)
        return {
          ok: false,
          errors: [
            {
              code: 204,
              location: { ...where, repetition: 1, component: 1 },
              reason: 'no record is stored under this identifier',
            },
          ],
        };
      rows.push(row);
    }
    const [first, second] = rows as [RecordRow, RecordRow];
    return { ok: true, value: { first, second } };
  }

  private readPatient(message: Hl7Message, sender: Hl7Sender): Reading<PatientReading> {
    const time = eventTimeOf(message);
    if (!time.ok) return time;
    const pid = message.segment('PID');
    if (!pid)
      return {
        ok: false,
        errors: [{ code: 100, location: { segment: 'PID' }, reason: 'the PID segment is missing' }],
      };
    const reading = readPid(message, pid, this.config.domains);
    if (!reading.ok) return reading;
    const owned = ownershipError(sender, reading.value.key, { segment: 'PID', field: 3 });
    if (owned) return { ok: false, errors: [owned] };
    return { ok: true, value: { ...reading.value, eventAt: time.value } };
  }

  /** PID and MRG-1 of a merge or id change: both keys, under one authority. */
  private readPair(
    message: Hl7Message,
    sender: Hl7Sender,
  ): Reading<{ patient: PatientReading; prior: RecordKey }> {
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

  /** A40's PID record, updated after the merge in a round shared with the feed's updates. */
  private async store(reading: PatientReading): Promise<FeedOutcome> {
    return feedOutcomeOf(await this.batcher.storeAlone(feedUpdateOf(reading)));
  }
}

/** What an update's record came to in its ingest round, as the message's outcome. */
export function feedOutcomeOf(outcome: IngestOutcome | undefined): FeedOutcome {
  if (outcome && outcome.status !== 'rejected')
    return {
      code: 'AA',
      written: {
        recordId: outcome.recordId ?? '',
        personId: outcome.personId ?? null,
        status: outcome.status,
      },
    };
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

function feedUpdateOf(reading: PatientReading): FeedUpdate {
  return {
    key: sourceKey(reading.key),
    changes: reading.changes,
    ...(reading.eventAt === undefined ? {} : { eventAt: reading.eventAt }),
  };
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
