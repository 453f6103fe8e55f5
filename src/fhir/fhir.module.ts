import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { PatientIngestController } from './patient-ingest.controller';

@Module({
  imports: [RecordsModule],
  controllers: [PatientIngestController],
})
export class FhirModule {}
