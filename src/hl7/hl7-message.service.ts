import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import {
  AckCode,
  Hl7Error,
  RequestHeader,
  ResponderIdentity,
  buildAck,
  requestHeaderOf,
} from './hl7-ack';
import { AdtFeedService, FeedOutcome, feedOutcomeOf } from './adt-feed.service';
import { AuditEntry } from '../common/audit-sink';
import { Hl7Config } from '../config/hl7-section';
import { HL7_CONFIG } from './hl7-config';
import { Hl7Counts } from './hl7-counts';
import { Hl7DeadLetters } from './hl7-dead-letters.service';
import { bestEffortControlId, decodeFrame } from './hl7-decode';
import { Hl7ContinuationRepository } from './hl7-continuation.repository';
import { Coalescer } from '../common/coalescer';
import { Hl7InboundRepository, InboundKey, InboundRow, StoredAck } from './hl7-inbound.repository';
import { Hl7Message, Hl7ParseError, parseHl7 } from './hl7-message';
import { Hl7Sender, senderOf } from './hl7-sender';
import { PdqV2Service } from './pdq-v2.service';
import { PixV2Service } from './pix-v2.service';
import { raw } from './hl7-writer';

const VERSIONS = new Set(['2.3', '2.3.1', '2.4', '2.5', '2.5.1']);
const PROCESSING_IDS = new Set(['P', 'T', 'D']);
const FEED_EVENTS = [
  ...['A01', 'A04', 'A05', 'A08', 'A28', 'A31', 'A40', 'A47'],
  ...['A24', 'A37'],
] as const;
type FeedEvent = (typeof FEED_EVENTS)[number];
/** The events that update a record through the batched ingest path. */
const UPDATE_EVENTS = new Set(['A01', 'A04', 'A05', 'A08', 'A28', 'A31']);
const isFeedEvent = (event: string): event is FeedEvent =>
  (FEED_EVENTS as readonly string[]).includes(event);
/** How long a control id is remembered for delivery safety. */
const INBOUND_RETENTION_DAYS = 30;

/** The answer to one frame, and what to count it as. */
export interface Hl7Answer {
  text: string;
  type: string;
  code: AckCode | 'DUP';
}

/** MSH-9.2 names an event this listener does not take (HL7 table 0357, code 201). */
function unsupportedEvent(reason: string): Hl7Error {
  return { code: 201, location: { segment: 'MSH', field: 9, component: 2 }, reason };
}

/**
 * One inbound message, from bytes to the answer to send back (the listener sends it; the CLI
 * replays dead letters through it too). Header checks first (AR for what the MPI does not
 * speak), then delivery safety for feeds (a re-sent MSH-10 gets its stored ACK; another message
 * under a used one gets AE 205), then the feed or query itself. Nothing here logs message
 * content: only types, codes and error names.
 */
@Injectable()
export class Hl7MessageService {
  private readonly logger = new Logger('hl7');
  private readonly me: ResponderIdentity;
  /** Delivery safety's reads and writes, shared by the messages of all connections. */
  private readonly storedAcks: Coalescer<InboundKey, StoredAck | null>;
  private readonly ackWrites: Coalescer<InboundRow, boolean>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feeds: AdtFeedService,
    private readonly pix: PixV2Service,
    private readonly pdq: PdqV2Service,
    private readonly inbound: Hl7InboundRepository,
    private readonly continuations: Hl7ContinuationRepository,
    private readonly deadLetters: Hl7DeadLetters,
    private readonly counts: Hl7Counts,
    private readonly audit: AuditService,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
  ) {
    this.me = { application: config.application, facility: config.facility };
    this.storedAcks = new Coalescer((keys) => inbound.findMany(dataSource.manager, keys));
    this.ackWrites = new Coalescer((rows) => inbound.insertMany(dataSource.manager, rows));
  }

  async handle(bytes: Buffer, peer: string | null): Promise<Hl7Answer> {
    const answer = await this.answer(bytes, peer);
    this.counts.count(answer.type, answer.code);
    return answer;
  }

  /** Forgets control ids past their retention and expired continuation pointers. */
  async purgeExpired(): Promise<void> {
    await this.inbound.purgeOlderThan(this.dataSource.manager, INBOUND_RETENTION_DAYS);
    await this.continuations.purgeExpired(this.dataSource.manager);
  }

  /** A frame over the size cap: AR, echoing its control id when its header could be read. */
  oversize(head: Buffer): Hl7Answer {
    const answer = this.unreadable(head, {
      code: 100,
      reason: 'the frame is larger than the MPI accepts',
    });
    this.counts.count('oversize', answer.code);
    return answer;
  }

  private async answer(bytes: Buffer, peer: string | null): Promise<Hl7Answer> {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) return this.deadLetter(bytes, peer, decoded.reason);
    let message: Hl7Message;
    try {
      message = parseHl7(decoded.text);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      return this.deadLetter(bytes, peer, error.message);
    }
    const header = requestHeaderOf(message);
    const type = `${message.value('MSH', 9, 1)}^${header.event}`;
    const refused = this.checkHeader(message, header);
    if (refused) return this.respond(header, type, 'AR', [refused]);
    const sender = this.senderOf(message);
    if (!sender)
      return this.respond(header, type, 'AR', [
        {
          code: 207,
          location: { segment: 'MSH', field: 3 },
          reason: 'the sender is not on the allowlist',
        },
      ]);
    try {
      return await this.dispatch(message, header, type, sender, decoded.text, bytes, peer);
    } catch (error) {
      // A fault, not the message's: AR invites the sender to try again (HL7 v2.5 §2.9.2).
      this.logger.error(
        `processing ${type} failed (${error instanceof Error ? error.name : 'error'})`,
      );
      return this.respond(header, type, 'AR', [
        { code: 207, reason: 'the MPI could not process the message now' },
      ]);
    }
  }

  private checkHeader(message: Hl7Message, header: RequestHeader): Hl7Error | null {
    if (header.controlId === '')
      return { code: 101, location: { segment: 'MSH', field: 10 }, reason: 'MSH-10 is required' };
    if (!VERSIONS.has(message.value('MSH', 12)))
      return {
        code: 203,
        location: { segment: 'MSH', field: 12 },
        reason: 'supported versions: 2.3.1 to 2.5.1',
      };
    if (!PROCESSING_IDS.has(header.processingId))
      return {
        code: 202,
        location: { segment: 'MSH', field: 11 },
        reason: 'the processing id is not P, T or D',
      };
    return null;
  }

  private senderOf(message: Hl7Message): Hl7Sender | null {
    const [application, facility] = [message.value('MSH', 3), message.value('MSH', 4)];
    const allow = this.config.senders;
    if (allow === null) return senderOf(application, facility, null);
    const owned = allow.get(`${application}^${facility}`);
    return owned ? senderOf(application, facility, owned) : null;
  }

  private async dispatch(
    message: Hl7Message,
    header: RequestHeader,
    type: string,
    sender: Hl7Sender,
    text: string,
    bytes: Buffer,
    peer: string | null,
  ): Promise<Hl7Answer> {
    const messageType = message.value('MSH', 9, 1);
    if (messageType === 'ADT') {
      if (!isFeedEvent(header.event))
        return this.respond(header, type, 'AR', [unsupportedEvent('unsupported ADT event')]);
      return this.feed(message, header, type, sender, { text, bytes, peer });
    }
    if (messageType === 'QBP' && header.event === 'Q23')
      return { type, ...(await this.pix.answer(message, header, sender, this.me)) };
    if (messageType === 'QBP' && header.event === 'Q22')
      return { type, ...(await this.pdq.answer(message, header, sender, this.me)) };
    if (messageType === 'QCN' && header.event === 'J01') {
      await this.pdq.cancel(message, sender);
      return this.respond(header, type, 'AA', []);
    }
    const event = messageType === 'QBP' || messageType === 'QCN';
    return this.respond(header, type, 'AR', [
      event
        ? unsupportedEvent('unsupported event')
        : { code: 200, location: { segment: 'MSH', field: 9 }, reason: 'unsupported message type' },
    ]);
  }

  /**
   * A feed, at most once per sender and control id. An update that reads is written in an
   * ingest round with its stored ACK and audit entry (the round reads its control id first);
   * any other feed, or an update refused on reading, is checked against the stored ACKs, run,
   * and its ACK stored after.
   */
  private async feed(
    message: Hl7Message,
    header: RequestHeader,
    type: string,
    sender: Hl7Sender,
    frame: Frame,
  ): Promise<Hl7Answer> {
    const hash = createHash('sha256')
      .update(frame.text.replace(/\r\n|\n/g, '\r').trim())
      .digest('hex');
    const key = { sender: sender.id, controlId: header.controlId };
    const update = UPDATE_EVENTS.has(header.event) ? this.feeds.readUpdate(message, sender) : null;
    if (update?.ok) {
      const delivered = await this.feeds.update(update.value, {
        key,
        actor: sender.principal,
        settle: (ingested) => {
          const outcome = feedOutcomeOf(ingested);
          const answer = this.answerOf(header, type, outcome);
          return {
            row: {
              ...key,
              messageHash: hash,
              messageType: type,
              ackCode: answer.code,
              ack: answer.text,
            },
            audit: messageAudit(type, outcome),
          };
        },
      });
      if ('seen' in delivered) return this.seen(delivered.seen, hash, header, type, frame);
      return { text: delivered.stored.ack, type, code: delivered.stored.ackCode };
    }
    const stored = await this.storedAcks.call(key);
    if (stored) return this.seen(stored, hash, header, type, frame);
    const outcome: FeedOutcome = update
      ? { code: 'AE', errors: update.errors }
      : await this.runFeed(header.event as FeedEvent, message, sender);
    const answer = this.answerOf(header, type, outcome);
    const entry = messageAudit(type, outcome);
    // The sender's audit entry and the stored ACK are independent writes: made together.
    const [first] = await Promise.all([
      this.ackWrites.call({
        ...key,
        messageHash: hash,
        messageType: type,
        ackCode: answer.code,
        ack: answer.text,
      }),
      entry ? this.audit.recordAlone(sender.principal, entry) : undefined,
    ]);
    // Two connections raced with one message: both wrote the same thing; answer as the first.
    if (!first) {
      const winner = await this.storedAcks.call(key);
      if (winner?.messageHash === hash) return { text: winner.ack, type, code: 'DUP' };
    }
    return answer;
  }

  /** A control id seen before: the same message gets its stored ACK, another one AE 205. */
  private async seen(
    stored: StoredAck,
    hash: string,
    header: RequestHeader,
    type: string,
    frame: Frame,
  ): Promise<Hl7Answer> {
    if (stored.messageHash === hash) return { text: stored.ack, type, code: 'DUP' };
    await this.deadLetters.store(
      frame.bytes,
      frame.peer,
      'another message under a control id already used',
    );
    return this.respond(header, type, 'AE', [
      {
        code: 205,
        location: { segment: 'MSH', field: 10 },
        reason: 'the control id was already used for another message',
      },
    ]);
  }

  private runFeed(event: FeedEvent, message: Hl7Message, sender: Hl7Sender): Promise<FeedOutcome> {
    if (event === 'A40') return this.feeds.merge(message, sender);
    if (event === 'A47') return this.feeds.changeIdentifier(message, sender);
    if (event === 'A24') return this.feeds.link(message, sender);
    return this.feeds.unlink(message, sender);
  }

  private answerOf(
    header: RequestHeader,
    type: string,
    outcome: FeedOutcome,
  ): Hl7Answer & {
    code: 'AA' | 'AE';
  } {
    const errors = outcome.code === 'AA' ? [] : outcome.errors;
    return { ...this.respond(header, type, outcome.code, errors), code: outcome.code };
  }

  private respond(
    header: RequestHeader,
    type: string,
    code: AckCode,
    errors: Hl7Error[],
  ): Hl7Answer {
    return { text: buildAck(header, this.me, code, errors), type, code };
  }

  private async deadLetter(bytes: Buffer, peer: string | null, reason: string): Promise<Hl7Answer> {
    await this.deadLetters.store(bytes, peer, reason);
    return this.unreadable(bytes, { code: 100, reason });
  }

  private unreadable(bytes: Buffer, error: Hl7Error): Hl7Answer {
    const header: RequestHeader = {
      sendingApplication: raw(''),
      sendingFacility: raw(''),
      controlId: bestEffortControlId(bytes),
      version: '2.5',
      event: '',
      processingId: 'P',
    };
    return this.respond(header, 'unreadable', 'AR', [error]);
  }
}

/** A frame as received: its text, its bytes (for the dead letters) and its peer. */
interface Frame {
  text: string;
  bytes: Buffer;
  peer: string | null;
}

/**
 * Each feed message's audit entry, naming its sender: what it came to, the record an update
 * wrote (the ingest's own entry names the feed listener, whose round it shared), or the
 * refusal. None for a merge or link, audited by their own services, as their sender.
 */
function messageAudit(type: string, outcome: FeedOutcome): AuditEntry | null {
  if (outcome.code === 'AE')
    return {
      action: 'hl7.message',
      outcome: 'failure',
      detail: { via: 'hl7', type, ack: outcome.code, errors: outcome.errors.map((e) => e.code) },
    };
  const written = outcome.written;
  if (!written) return null;
  return {
    action: 'hl7.message',
    outcome: 'success',
    recordIds: [written.recordId],
    personIds: written.personId ? [written.personId] : [],
    detail: { via: 'hl7', type, ack: outcome.code, status: written.status },
  };
}
