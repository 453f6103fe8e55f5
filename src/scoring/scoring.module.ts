import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { CandidateRepository } from './candidate.repository';
import { MatchModelProvider } from './match-model.provider';
import { MatchQueryService } from './match-query.service';
import { PairScorer } from './pair-scorer';
import { TermFrequencyCache } from './term-frequency.cache';

@Module({
  imports: [TokensModule],
  providers: [
    MatchModelProvider,
    TermFrequencyCache,
    PairScorer,
    CandidateRepository,
    MatchQueryService,
  ],
  exports: [
    MatchModelProvider,
    TermFrequencyCache,
    PairScorer,
    CandidateRepository,
    MatchQueryService,
  ],
})
export class ScoringModule {}
