import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { publicBaseUrl } from '../common/public-base-url';
import { toFhirAuditEvent } from './audit-event-fhir';
import { parseFhirAuditSearch } from './audit-fhir-search';
import { findAuditEvent, searchAuditEvents } from './audit-event.repository';
import { AuditService } from './audit.service';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The audit trail as FHIR R4 AuditEvent resources (search answers a searchset Bundle). */
@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir/AuditEvent')
export class AuditEventController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Requires('audit:read')
  @ApiOperation({
    summary: 'Search AuditEvent: date, agent, subtype, outcome, patient, entity, _count, _offset',
  })
  async search(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    const { filter, count, offset } = parseFhirAuditSearch(query);
    const result = await searchAuditEvents(this.dataSource, filter);
    await this.audit.recordAlone(actor, {
      action: 'audit.search',
      outcome: 'success',
      detail: {
        filters: Object.keys(query).sort(),
        returned: result.events.length,
        view: 'fhir',
      },
    });
    const base = baseUrl(request);
    const page = (at: number): string => `${base}/AuditEvent?${pagedQuery(query, count, at)}`;
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: result.total,
      link: [
        { relation: 'self', url: page(offset) },
        ...(offset + count < result.total ? [{ relation: 'next', url: page(offset + count) }] : []),
        ...(offset > 0 ? [{ relation: 'previous', url: page(Math.max(0, offset - count)) }] : []),
      ],
      entry: result.events.map((event) => ({
        fullUrl: `${base}/AuditEvent/${event.seq}`,
        resource: toFhirAuditEvent(event),
        search: { mode: 'match' },
      })),
    };
    response.status(200).type(FHIR_JSON).send(JSON.stringify(bundle));
  }

  @Get(':id')
  @Requires('audit:read')
  @ApiOperation({ summary: 'One AuditEvent by id (its sequence number)' })
  async read(
    @Param('id') id: string,
    @Res() response: Response,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) throw new MpiError('not-found', 'no such AuditEvent');
    const event = await findAuditEvent(this.dataSource, id);
    if (!event) throw new MpiError('not-found', 'no such AuditEvent');
    await this.audit.recordAlone(actor, {
      action: 'audit.read',
      outcome: 'success',
      detail: { seq: id },
    });
    response
      .status(200)
      .type(FHIR_JSON)
      .send(JSON.stringify(toFhirAuditEvent(event)));
  }
}

/** Absolute base for fullUrl and links; never from the Host header. */
function baseUrl(request: Request): string {
  return `${publicBaseUrl(request)}/fhir`;
}

function pagedQuery(query: Record<string, unknown>, count: number, offset: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === '_count' || key === '_offset') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  params.set('_count', String(count));
  params.set('_offset', String(offset));
  return params.toString();
}
