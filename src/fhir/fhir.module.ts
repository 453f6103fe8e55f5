import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LinkageModule } from '../linkage/linkage.module';
import { RecordsModule } from '../records/records.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { TokensModule } from '../tokens/tokens.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FHIR_CONFIG } from './fhir-config';
import { FhirPatientRepository } from './fhir-patient.repository';
import { IdentifierCriteria } from './identifier-criteria';
import { MetadataController } from './metadata.controller';
import { PatientIngestController } from './patient-ingest.controller';
import { PatientMatchController } from './patient-match.controller';
import { PatientMatchService } from './patient-match.service';
import { PatientReadController } from './patient-read.controller';
import { PatientReadService } from './patient-read.service';
import { PatientSearchService } from './patient-search.service';
import { PatientViewService } from './patient-view.service';
import { PixController } from './pix.controller';
import { PixService } from './pix.service';

/**
 * The FHIR R4 face under /fhir. Controller order matters: the operation routes
 * (`$match`, `$ihe-pix`) are registered before `Patient/:id`, which would take them for ids.
 */
@Module({
  imports: [RecordsModule, RetrievalModule, LinkageModule, TokensModule, AuthModule],
  controllers: [
    MetadataController,
    PatientMatchController,
    PixController,
    PatientIngestController,
    PatientReadController,
  ],
  providers: [
    { provide: FHIR_CONFIG, useFactory: (c: AppConfig) => c.fhir, inject: [APP_CONFIG] },
    FhirPatientRepository,
    IdentifierCriteria,
    PatientViewService,
    PatientReadService,
    PatientSearchService,
    PatientMatchService,
    PixService,
  ],
  // The HL7 v2 door (src/hl7) answers PIX and PDQ from the same reads.
  exports: [FhirPatientRepository, PatientViewService],
})
export class FhirModule {}
