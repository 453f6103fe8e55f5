import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { MpiExceptionFilter } from './common/mpi-exception.filter';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthModule } from './health/health.module';
import { Hl7Module } from './hl7/hl7.module';
import { LinkageModule } from './linkage/linkage.module';
import { RecordsModule } from './records/records.module';
import { ReviewModule } from './review/review.module';
import { RetrievalModule } from './retrieval/retrieval.module';
import { StewardModule } from './steward/steward.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    AuditModule,
    AuthModule,
    HealthModule,
    RetrievalModule,
    LinkageModule,
    RecordsModule,
    FhirModule,
    ReviewModule,
    StewardModule,
    Hl7Module,
  ],
  providers: [{ provide: APP_FILTER, useClass: MpiExceptionFilter }],
})
export class AppModule {}
