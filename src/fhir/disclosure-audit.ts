import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, DetachedEntry } from '../audit/audit.service';
import { AuditEntry } from '../common/audit-sink';
import { Principal } from '../auth/principal';
import { Coalescer } from '../common/coalescer';
import { currentContext } from '../telemetry/request-context';

/**
 * Disclosure audit events of the FHIR reads, written with group commit. Each caller still
 * waits until its event is committed before it answers (no disclosure without its trace),
 * but the events that arrive while one append is committing are written together in the
 * next one: one statement and one WAL flush for many events, instead of a locked transaction
 * each (AuditService.appendDetached). Under load that append, not the query, was what a
 * $match cost, and the chain's tail lock would otherwise serialize every request behind it.
 *
 * Each event keeps its own request's correlation id, purpose of use and client, and counts
 * towards its own request's audit coverage: it is recorded inside that request's context.
 */
@Injectable()
export class DisclosureAudit {
  private readonly logger = new Logger('audit');
  private readonly appends: Coalescer<DetachedEntry, undefined>;

  constructor(dataSource: DataSource, audit: AuditService) {
    this.appends = new Coalescer(async (batch) => {
      try {
        await audit.appendDetached(dataSource.manager, batch);
      } catch (error) {
        this.logger.error(
          `could not record ${batch.length} audit event(s) (${error instanceof Error ? error.name : 'error'})`,
        );
        throw error;
      }
      return batch.map(() => undefined);
    });
  }

  async record(actor: Principal, entry: AuditEntry): Promise<void> {
    const context = currentContext();
    const complete: AuditEntry = {
      ...entry,
      correlationId: entry.correlationId ?? context?.correlationId ?? null,
      purpose: entry.purpose ?? context?.purposeOfUse ?? null,
    };
    await this.appends.call({ actor, entry: complete, context });
  }
}
