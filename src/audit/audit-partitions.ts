import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addAuditPartitions } from './audit-event.repository';

/** This month and the next two have their partition before their first event. */
export const AUDIT_MONTHS_AHEAD = 2;
const EVERY_MS = 24 * 60 * 60_000;

/**
 * Keeps the audit trail's monthly partitions made ahead of time: at start, then daily, so an
 * instance that runs for months never writes into the default partition. Should it fail (a
 * role not granted the function), events still go in: the default partition takes them, and
 * they move to their month when its partition is made.
 */
@Injectable()
export class AuditPartitions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.addAhead();
    this.timer = setInterval(() => void this.addAhead(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** How many partitions were made; 0 when none were missing or the call failed. */
  async addAhead(): Promise<number> {
    try {
      return await addAuditPartitions(this.dataSource, AUDIT_MONTHS_AHEAD);
    } catch (error) {
      this.logger.error(
        `could not create the audit trail's monthly partitions (${error instanceof Error ? error.message : 'error'}); events go to its default partition`,
      );
      return 0;
    }
  }
}
