import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Requires } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { MpiError } from '../common/mpi-error';
import { ChainedAuditEvent } from './audit-chain';
import { AuditQueryDto } from './audit-query.dto';
import { AuditFilter, searchAuditEvents } from './audit-event.repository';
import { AuditService } from './audit.service';

export interface AuditSearchAnswer {
  total: number;
  page: number;
  pageSize: number;
  events: (Omit<ChainedAuditEvent, 'at'> & { at: string })[];
}

/** The audit trail for auditors; searching it is itself an audited access. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Requires('audit:read')
  @ApiOperation({
    summary:
      'Search audit events by actor, client, action, outcome, person, record, correlation id and time',
  })
  async search(
    @Query() query: AuditQueryDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<AuditSearchAnswer> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const filter = toFilter(query, pageSize, (page - 1) * pageSize);
    const result = await searchAuditEvents(this.dataSource, filter);
    await this.audit.recordAlone(actor, {
      action: 'audit.search',
      outcome: 'success',
      detail: { filters: Object.keys(query).sort(), returned: result.events.length },
    });
    return {
      total: result.total,
      page,
      pageSize,
      events: result.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    };
  }
}

function toFilter(query: AuditQueryDto, limit: number, offset: number): AuditFilter {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
    throw new MpiError('invalid-input', 'from and to are ISO 8601 times');
  }
  return {
    limit,
    offset,
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.client ? { client: query.client } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.personId ? { personId: query.personId } : {}),
    ...(query.recordId ? { recordId: query.recordId } : {}),
    ...(query.correlationId ? { correlationId: query.correlationId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}
