import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { LinkageModule } from '../linkage/linkage.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationService } from './evaluation.service';

@Module({
  imports: [RecordsModule, RetrievalModule, LinkageModule],
  providers: [EvaluationService, EvaluationRepository],
  exports: [EvaluationService],
})
export class EvaluationModule {}
