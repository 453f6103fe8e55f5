import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { CandidateRepository } from './candidate.repository';
import { MatchModelProvider } from './match-model.provider';
import { MatchModelRepository } from './match-model.repository';
import { NameFrequencyRepository } from './name-frequency.repository';
import { MatchQueryService } from './match-query.service';
import { PairScorer } from './pair-scorer';
import { TermFrequencyCache } from './term-frequency.cache';

@Module({
  imports: [TokensModule],
  providers: [
    MatchModelRepository,
    NameFrequencyRepository,
    MatchModelProvider,
    TermFrequencyCache,
    PairScorer,
    CandidateRepository,
    MatchQueryService,
  ],
  exports: [
    NameFrequencyRepository,
    MatchModelProvider,
    TermFrequencyCache,
    PairScorer,
    CandidateRepository,
    MatchQueryService,
  ],
})
export class RetrievalModule {}
