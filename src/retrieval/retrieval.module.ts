import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { CandidateRepository } from './candidate.repository';
import { MatchModelProvider } from './match-model.provider';
import { MatchModelRepository } from './match-model.repository';
import { NameFrequencyRepository } from './name-frequency.repository';
import { MatchQueryService } from './match-query.service';
import { PairScorer } from './pair-scorer';
import { TermFrequencyCache } from './term-frequency.cache';

/** What the other modules use: the engine's runtime and candidate retrieval. */
const SHARED = [
  NameFrequencyRepository,
  MatchModelProvider,
  TermFrequencyCache,
  PairScorer,
  CandidateRepository,
  MatchQueryService,
];

@Module({
  imports: [TokensModule],
  providers: [MatchModelRepository, ...SHARED],
  exports: SHARED,
})
export class RetrievalModule {}
