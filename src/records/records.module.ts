import { Module } from '@nestjs/common';
import { LinkageModule } from '../linkage/linkage.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';
import { TokensModule } from '../tokens/tokens.module';
import { CompareController } from './compare.controller';
import { IngestService } from './ingest.service';
import { PlannerStatisticsRepository } from './planner-statistics.repository';
import { RecordImporter } from './record-importer';
import { RecordMergeRepository } from './record-merge.repository';
import { RecordMergeService } from './record-merge.service';
import { RecordPreparer } from './record-preparer';
import { RecordsController } from './records.controller';
import { RelinkRunRepository } from './relink-run.repository';
import { RelinkService } from './relink.service';
import { SourceRecordRepository } from './source-record.repository';
import { BulkImporter } from './bulk/bulk-importer';
import { BulkRunRepository } from './bulk-run.repository';

@Module({
  imports: [TokensModule, RetrievalModule, LinkageModule],
  controllers: [RecordsController, CompareController],
  providers: [
    IngestService,
    RecordPreparer,
    RecordImporter,
    SourceRecordRepository,
    KeyRotationService,
    KeyRotationRepository,
    RelinkService,
    RelinkRunRepository,
    PlannerStatisticsRepository,
    RecordMergeService,
    RecordMergeRepository,
    BulkImporter,
    BulkRunRepository,
  ],
  exports: [
    IngestService,
    RecordImporter,
    BulkImporter,
    RecordPreparer,
    KeyRotationService,
    RelinkService,
    RecordMergeService,
  ],
})
export class RecordsModule {}
