import { Module } from '@nestjs/common';
import { LinkageModule } from '../linkage/linkage.module';
import { ScoringModule } from '../scoring/scoring.module';
import { KeyRotationService } from '../tokens/key-rotation.service';
import { TokensModule } from '../tokens/tokens.module';
import { IngestService } from './ingest.service';
import { RecordImporter } from './record-importer';
import { RecordPreparer } from './record-preparer';
import { RecordsController } from './records.controller';
import { SourceRecordRepository } from './source-record.repository';

@Module({
  imports: [TokensModule, ScoringModule, LinkageModule],
  controllers: [RecordsController],
  providers: [
    IngestService,
    RecordPreparer,
    RecordImporter,
    SourceRecordRepository,
    KeyRotationService,
  ],
  exports: [IngestService, RecordImporter, RecordPreparer, KeyRotationService],
})
export class RecordsModule {}
