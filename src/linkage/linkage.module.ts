import { Module } from '@nestjs/common';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { TokensModule } from '../tokens/tokens.module';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';
import { GoldenRecordService } from './golden-record.service';
import { LinkageService } from './linkage.service';
import { PersonReadService } from './person-read.service';
import { LinkRepository } from './link.repository';
import { MatchViewRepository } from './match-view.repository';
import { PersonRepository } from './person.repository';
import { PersonsController } from './persons.controller';
import { RedecideService } from './redecide.service';
import { ReviewTaskRepository } from './review-task.repository';
import { StewardActionsService } from './steward-actions.service';
import { UndoService } from './undo.service';

@Module({
  imports: [RetrievalModule, TokensModule],
  controllers: [PersonsController],
  providers: [
    PersonReadService,
    LinkageService,
    PersonRepository,
    LinkRepository,
    MatchViewRepository,
    GoldenRecordService,
    ExportService,
    ExportRepository,
    ReviewTaskRepository,
    StewardActionsService,
    UndoService,
    RedecideService,
  ],
  exports: [
    PersonReadService,
    PersonRepository,
    LinkRepository,
    MatchViewRepository,
    LinkageService,
    GoldenRecordService,
    ExportService,
    ReviewTaskRepository,
    StewardActionsService,
    UndoService,
    RedecideService,
  ],
})
export class LinkageModule {}
