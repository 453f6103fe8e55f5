import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AUDIT_SINK } from '../common/audit-sink';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { AuditCoverageInterceptor } from './audit-coverage.interceptor';
import { AuditEventController } from './audit-event.controller';
import { AuditController } from './audit.controller';
import { AuditPartitions } from './audit-partitions';
import { AuditService } from './audit.service';

/**
 * The audit trail: the service every module records through, the search API and the FHIR
 * AuditEvent view, the interceptor that audits routes that forgot to, and the upkeep of the
 * trail's monthly partitions. Telemetry comes with it: audit events and log lines share the
 * request's correlation id.
 */
@Global()
@Module({
  imports: [TelemetryModule],
  controllers: [AuditController, AuditEventController],
  providers: [
    AuditService,
    AuditPartitions,
    { provide: AUDIT_SINK, useExisting: AuditService },
    { provide: APP_INTERCEPTOR, useClass: AuditCoverageInterceptor },
  ],
  exports: [AuditService, AuditPartitions, AUDIT_SINK, TelemetryModule],
})
export class AuditModule {}
