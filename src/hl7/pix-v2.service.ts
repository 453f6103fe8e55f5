import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestHeader, ResponderIdentity } from './hl7-ack';
import { Hl7Config } from '../config/hl7-section';
import { HL7_CONFIG } from './hl7-config';
import { Hl7Domain } from '../config/hl7-section';
import { Hl7Message } from './hl7-message';
import { Hl7Sender } from './hl7-sender';
import { requestedDomains } from './requested-domains';
import { readCx, resolveCx } from './pid-record';
import { QueryAnswer, cxOf, queryReplier } from './rsp-message';
import { StoredRecords } from './stored-records';
import { EMPTY, raw, repetitions, segment } from './hl7-writer';

/**
 * PIX Query, ITI-9: QBP^Q23 -> RSP^K23. The five situations of ITI TF-2 §3.9.4.2.2.6: IDs
 * found (AA, OK, one PID); none in the domains asked for (AA, NF); unknown ID in a known
 * domain (AE, ERR QPD^1^3^1^1); unknown source domain (AE, QPD^1^3^1^4); unknown requested
 * domain (AE, QPD^1^4^n, one ERR each). PID-3 lists the person's other source identifiers,
 * never the one asked about; PID-5 is `~^^^^^^S` so that no demographics leave.
 */
@Injectable()
export class PixV2Service {
  constructor(
    private readonly stored: StoredRecords,
    private readonly audit: AuditService,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
  ) {}

  async answer(
    message: Hl7Message,
    header: RequestHeader,
    sender: Hl7Sender,
    me: ResponderIdentity,
  ): Promise<QueryAnswer> {
    const reply = queryReplier(message, header, me, 'K23');
    const qpd = message.segment('QPD');
    const asked = message.repetitions(message.field(qpd, 3))[0];
    if (!qpd || !asked || readCx(message, asked).id === '')
      return reply(
        'AE',
        [
          {
            code: 101,
            location: { segment: 'QPD', field: 3, repetition: 1, component: 1 },
            reason: 'QPD-3 is required',
          },
        ],
        { status: 'AE' },
      );
    const key = resolveCx(message, asked, this.config.domains, {
      segment: 'QPD',
      field: 3,
      repetition: 1,
    });
    if (!key.ok) return reply('AE', key.errors, { status: 'AE' });
    const targets = requestedDomains(this.config.domains, message, 4);
    if (!targets.ok) return reply('AE', targets.errors, { status: 'AE' });
    const row = await this.stored.row(key.value.domain.namespace, key.value.sourceId);
    if (!row)
      return reply(
        'AE',
        [
          {
            code: 204,
            location: { segment: 'QPD', field: 3, repetition: 1, component: 1 },
            reason: 'unknown identifier',
          },
        ],
        { status: 'AE' },
      );
    const person = await this.stored.activePersonOf(row);
    const records = person ? await this.stored.recordsOfPersons([person]) : [];
    const wanted = (source: string): boolean =>
      targets.domains.length === 0 || targets.domains.some((d) => d.namespace === source);
    const others = records.filter((r) => r.recordId !== row.id && wanted(r.source));
    await this.audit.recordAlone(sender.principal, {
      action: 'person.pix',
      outcome: 'success',
      personIds: person ? [person] : [],
      recordIds: others.map((r) => r.recordId),
      detail: { via: 'hl7', identifiers: others.length, targetDomains: targets.domains.length },
    });
    if (others.length === 0) return reply('AA', [], { status: 'NF' });
    const ids = others.map((r) => cxOf(r.sourceId, this.authorityOf(r.source)));
    return reply('AA', [], { status: 'OK' }, [
      segment('PID', [EMPTY, EMPTY, repetitions(ids), EMPTY, raw('~^^^^^^S')]),
    ]);
  }

  authorityOf(source: string): Hl7Domain {
    const found = this.config.domains?.find((d) => d.namespace === source);
    return found ?? { namespace: source, universalId: null, universalIdType: null };
  }
}
