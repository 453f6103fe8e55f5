import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MpiError } from '../common/mpi-error';
import { AuditService } from '../audit/audit.service';
import { FhirPatient } from '../formats/fhir-patient';
import { PatientViewService } from '../fhir/patient-view.service';
import { MatchQueryService } from '../retrieval/match-query.service';
import { RequestHeader, ResponderIdentity } from './hl7-ack';
import { Hl7Config } from '../config/hl7-section';
import { HL7_CONFIG } from './hl7-config';
import { Hl7Domain } from '../config/hl7-section';
import { resolveAuthority } from './hl7-domains';
import { Hl7ContinuationRepository } from './hl7-continuation.repository';
import { Hl7Message } from './hl7-message';
import { Hl7Sender } from './hl7-sender';
import { requestedDomains } from './requested-domains';
import { PdqCriteria, readPdqCriteria } from './pdq-criteria';
import { PixV2Service } from './pix-v2.service';
import { QueryAnswer, cxOf, queryReplier } from './rsp-message';
import { StoredRecords } from './stored-records';
import { EMPTY, components, repetitions, segment, text } from './hl7-writer';

/** Most persons one PDQ answers, over all its pages. */
const MAX_RESULTS = 100;
/** How long a continuation pointer lives. */
const POINTER_TTL_SECONDS = 600;

interface Ranked {
  personId: string;
  score: number;
}

const SEX_CODE: Record<string, string> = { male: 'M', female: 'F', other: 'O', unknown: 'U' };

/**
 * Patient Demographics Query, ITI-21: QBP^Q22 -> RSP^K22, answered from the `$match` scorer
 * (best first, down to `possible`), each person as a PID of its golden record with its source
 * identifiers and a QRI holding the confidence (score x 100). RCP-2 `n^RD` asks for n at a
 * time: the rest waits in the database behind a DSC pointer, so any instance continues; QCN^J01
 * (`cancel`) drops it.
 */
@Injectable()
export class PdqV2Service {
  constructor(
    private readonly dataSource: DataSource,
    private readonly matcher: MatchQueryService,
    private readonly stored: StoredRecords,
    private readonly view: PatientViewService,
    private readonly pix: PixV2Service,
    private readonly continuations: Hl7ContinuationRepository,
    private readonly audit: AuditService,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
  ) {}

  async answer(
    message: Hl7Message,
    header: RequestHeader,
    sender: Hl7Sender,
    me: ResponderIdentity,
  ): Promise<QueryAnswer> {
    const reply = queryReplier(message, header, me, 'K22');
    const qpd = message.segment('QPD');
    const tag = message.value('QPD', 2);
    const domains = requestedDomains(this.config.domains, message, 8);
    if (!domains.ok) return reply('AE', domains.errors, { status: 'AE' });
    const pageSize = Math.max(1, Math.floor(Number(message.value('RCP', 2)) || MAX_RESULTS));
    const pointer = message.value('DSC', 1);
    let ranked: Ranked[];
    let position = 0;
    if (pointer !== '') {
      const saved = await this.continuations.take(this.dataSource.manager, sender.id, pointer);
      // The continuation request repeats the query (ITI-21): another query cannot take its page.
      if (!saved || saved.queryTag !== tag || saved.queryHash !== queryHash(message))
        return reply(
          'AE',
          [
            {
              code: 204,
              location: { segment: 'DSC', field: 1 },
              reason: 'unknown or expired continuation pointer',
            },
          ],
          { status: 'AE' },
        );
      ranked = saved.personIds.map((personId, i) => ({ personId, score: saved.scores[i] ?? 0 }));
      position = saved.position;
      await this.continuations.remove(this.dataSource.manager, pointer);
    } else {
      const criteria = readPdqCriteria(message, message.field(qpd, 3));
      if (!criteria.ok) return reply('AE', criteria.errors, { status: 'AE' });
      try {
        ranked = await this.rank(criteria.criteria);
      } catch (error) {
        if (!(error instanceof MpiError && error.code === 'invalid-input')) throw error;
        return reply(
          'AE',
          [{ code: 102, location: { segment: 'QPD', field: 3 }, reason: error.message }],
          { status: 'AE' },
        );
      }
    }
    const page = ranked.slice(position, position + pageSize);
    const remaining = ranked.length - position - page.length;
    const body = await this.people(page, domains.domains);
    await this.audit.recordAlone(sender.principal, {
      action: 'match.query',
      outcome: 'success',
      personIds: page.map((p) => p.personId),
      detail: { via: 'hl7', released: page.length, remaining },
    });
    if (ranked.length === 0)
      return reply('AA', [], { status: 'NF', hits: { total: 0, payload: 0, remaining: 0 } });
    if (remaining > 0) {
      const next = randomBytes(12).toString('hex');
      await this.continuations.save(
        this.dataSource.manager,
        {
          pointer: next,
          sender: sender.id,
          queryTag: tag,
          queryHash: queryHash(message),
          personIds: ranked.map((r) => r.personId),
          scores: ranked.map((r) => r.score),
          position: position + page.length,
        },
        POINTER_TTL_SECONDS,
      );
      body.push(segment('DSC', [text(next), text('I')]));
    }
    return reply(
      'AA',
      [],
      { status: 'OK', hits: { total: ranked.length, payload: page.length, remaining } },
      body,
    );
  }

  /** QCN^J01: forget the sender's continuation of the query named in QID-1. */
  async cancel(message: Hl7Message, sender: Hl7Sender): Promise<void> {
    await this.continuations.cancel(this.dataSource.manager, sender.id, message.value('QID', 1));
  }

  /** Persons best first: the one holding the identifier asked for, then the scorer's matches. */
  private async rank(criteria: PdqCriteria): Promise<Ranked[]> {
    const ranked: Ranked[] = [];
    if (criteria.identifier) {
      const resolved = resolveAuthority(this.config.domains, criteria.identifier.authority);
      const row = resolved.ok
        ? await this.stored.row(resolved.domain.namespace, criteria.identifier.id)
        : null;
      const person = row ? await this.stored.activePersonOf(row) : null;
      if (person) ranked.push({ personId: person, score: 1 });
      if (Object.keys(criteria.record).length === 0) return ranked;
    }
    const { features } = this.matcher.queryOf(criteria.record);
    const result = await this.matcher.match(features);
    for (const m of result.matches)
      if (!ranked.some((r) => r.personId === m.personId))
        ranked.push({ personId: m.personId, score: m.probability });
    return ranked.slice(0, MAX_RESULTS);
  }

  private async people(page: Ranked[], domains: Hl7Domain[]): Promise<string[]> {
    const patients = await this.view.goldenPatients(page.map((p) => p.personId));
    return page.flatMap((p, i) => {
      const patient = patients.get(p.personId);
      if (!patient) return [];
      return [
        pidOf(patient, i + 1, domains, (source) => this.pix.authorityOf(source)),
        segment('QRI', [
          text(String(Math.round(p.score * 100))),
          EMPTY,
          components(text('MPI'), text('Fellegi-Sunter')),
        ]),
      ];
    });
  }
}

function queryHash(message: Hl7Message): string {
  const qpd = message.segment('QPD');
  return createHash('sha256')
    .update(`${message.field(qpd, 3)}|${message.field(qpd, 8)}`)
    .digest('hex');
}

/** A golden record as a PID: source identifiers (in the domains asked for), name, birth date, sex, address. */
function pidOf(
  patient: FhirPatient,
  setId: number,
  domains: Hl7Domain[],
  authorityOf: (source: string) => Hl7Domain,
): string {
  const ids = (patient.identifier ?? [])
    .filter((id) => id.type?.coding?.some((c) => c.code === 'MR') && id.system && id.value)
    .filter((id) => domains.length === 0 || domains.some((d) => d.namespace === id.system))
    .map((id) => cxOf(id.value ?? '', authorityOf(id.system ?? '')));
  const name = patient.name?.[0];
  const address = patient.address?.[0];
  return segment('PID', [
    text(String(setId)),
    EMPTY,
    repetitions(ids),
    EMPTY,
    components(
      text(name?.family),
      text(name?.given?.[0]),
      text(name?.given?.slice(1).join(' ')),
      text(name?.suffix?.[0]),
    ),
    EMPTY,
    text((patient.birthDate ?? '').replace(/-/g, '')),
    text(SEX_CODE[patient.gender ?? ''] ?? ''),
    EMPTY,
    EMPTY,
    address
      ? components(
          text(address.line?.[0]),
          EMPTY,
          text(address.city),
          text(address.state),
          text(address.postalCode),
        )
      : EMPTY,
  ]);
}
