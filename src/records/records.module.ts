import { Module } from '@nestjs/common';
import { LinkageModule } from '../linkage/linkage.module';
import { ScoringModule } from '../scoring/scoring.module';
import { KeyRotationService } from '../tokens/key-rotation.service';
import { TokensModule } from '../tokens/tokens.module';
import { IngestService } from './ingest.service';
import { RecordImporter } from './record-importer';
import { RecordMergeRepository } from './record-merge.repository';
import { RecordMergeService } from './record-merge.service';
import { RecordPreparer } from './record-preparer';
import { RecordsController } from './records.controller';
import { RelinkRunRepository } from './relink-run.repository';
import { RelinkService } from './relink.service';
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
    RelinkService,
    RelinkRunRepository,
    RecordMergeService,
    RecordMergeRepository,
  ],
  exports: [
    IngestService,
    RecordImporter,
    RecordPreparer,
    KeyRotationService,
    RelinkService,
    RecordMergeService,
  ],
})
export class RecordsModule {}
