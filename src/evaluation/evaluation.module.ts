import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { ScoringModule } from '../scoring/scoring.module';
import { EvaluationService } from './evaluation.service';

@Module({ imports: [RecordsModule, ScoringModule], providers: [EvaluationService], exports: [EvaluationService] })
export class EvaluationModule {}
