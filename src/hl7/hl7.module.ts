import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { LinkageModule } from '../linkage/linkage.module';
import { RecordsModule } from '../records/records.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { TokensModule } from '../tokens/tokens.module';
import { AdtFeedService } from './adt-feed.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { HL7_CONFIG } from './hl7-config';
import { Hl7ContinuationRepository } from './hl7-continuation.repository';
import { Hl7Controller } from './hl7.controller';
import { Hl7Counts } from './hl7-counts';
import { Hl7DeadLetterRepository } from './hl7-dead-letter.repository';
import { Hl7DeadLetters } from './hl7-dead-letters.service';
import { Hl7InboundRepository } from './hl7-inbound.repository';
import { Hl7MessageService } from './hl7-message.service';
import { MllpListener } from './mllp-listener';
import { PdqV2Service } from './pdq-v2.service';
import { PixV2Service } from './pix-v2.service';
import { StoredRecords } from './stored-records';

/**
 * The HL7 v2 door: an MLLP listener (started by the HTTP service, never by the CLI), patient
 * feeds through the records module's ingest and merge paths, PIX and PDQ queries from the
 * FHIR reads and the `$match` scorer, delivery safety and dead letters in its own tables.
 */
@Module({
  imports: [RecordsModule, LinkageModule, FhirModule, RetrievalModule, TokensModule],
  controllers: [Hl7Controller],
  providers: [
    { provide: HL7_CONFIG, useFactory: (c: AppConfig) => c.hl7, inject: [APP_CONFIG] },
    AdtFeedService,
    Hl7ContinuationRepository,
    Hl7Counts,
    Hl7DeadLetterRepository,
    Hl7DeadLetters,
    Hl7InboundRepository,
    Hl7MessageService,
    MllpListener,
    PdqV2Service,
    PixV2Service,
    StoredRecords,
  ],
  exports: [MllpListener, Hl7MessageService, Hl7DeadLetters],
})
export class Hl7Module {}
