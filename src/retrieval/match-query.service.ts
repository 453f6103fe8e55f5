import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { MpiError } from '../common/mpi-error';
import { prepareFeatures } from '../matching/features/prepare-features';
import { bestPerPerson } from '../matching/score/rank-persons';
import { CanonicalRecord, MatchFeatures, NormalizationIssue } from '../matching/record-types';
import { PairExplanation } from '../matching/score/explanation';
import { MatchClass } from '../matching/model/match-class';
import { TokenService } from '../tokens/token.service';
import { CandidateRepository, CandidateSet } from './candidate.repository';
import { PairScorer } from './pair-scorer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** A person the query matched, scored by its best record; explained only if released. */
export interface ScoredPerson {
  personId: string;
  /** The person's record that matched best. */
  recordId: string;
  weight: number;
  probability: number;
  matchClass: MatchClass;
  /** The best record's features, to explain the score with. */
  features: MatchFeatures;
}

export interface PersonMatch extends Omit<ScoredPerson, 'features'> {
  explanation: PairExplanation;
}

/** What candidate retrieval looks up for a query. */
export interface CandidateLookup {
  keys: string[];
  capPerKey: number;
}

export interface MatchQueryResult {
  matches: ScoredPerson[];
  /** Candidate retrieval hit a cap: a match may be missing, so nothing is "certain only". */
  truncated: boolean;
}

/**
 * "Who is this?" without storing anything: the ingest path's normalize, tokenize, block,
 * score and classify, answered per person (active persons only), best first.
 */
@Injectable()
export class MatchQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: ReferenceTablesProvider,
    private readonly tokens: TokenService,
    private readonly candidates: CandidateRepository,
    private readonly scorer: PairScorer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Normalizes and tokenizes a query record; invalid fields are a 400 naming them. */
  featuresOf(record: CanonicalRecord): MatchFeatures {
    return this.queryOf(record).features;
  }

  /** featuresOf, plus the values normalization dropped as placeholders (to warn the caller). */
  queryOf(record: CanonicalRecord): { features: MatchFeatures; issues: NormalizationIssue[] } {
    const prepared = prepareFeatures(
      record,
      this.tables.tables,
      this.tokens.tokenizer,
      this.tokens.activeKeyId,
    );
    if ('errors' in prepared) {
      throw new MpiError(
        'invalid-input',
        'the query record is not valid',
        prepared.errors.map((e) => ({ location: e.field, reason: e.reason })),
      );
    }
    return { features: prepared.features, issues: prepared.record.issues };
  }

  /** The blocking keys a query looks up, and how many records each may bring at most. */
  lookupOf(features: MatchFeatures): CandidateLookup {
    return {
      keys: this.scorer.lookupKeys(features),
      capPerKey: this.config.match.maxCandidates,
    };
  }

  async match(
    features: MatchFeatures,
    options: { minimumClass?: MatchClass } = {},
  ): Promise<MatchQueryResult> {
    const { keys, capPerKey } = this.lookupOf(features);
    const found = await this.candidates.findByBlockingKeys(
      this.dataSource.manager,
      keys,
      capPerKey,
    );
    return this.rank(features, found, options);
  }

  /** Scores the candidates and keeps each person's best record, best person first. */
  rank(
    features: MatchFeatures,
    { candidates, truncated }: CandidateSet,
    options: { minimumClass?: MatchClass } = {},
  ): MatchQueryResult {
    // Candidates come with their person, always an active one (see CANDIDATES_CTE).
    const scored = candidates.map((c): ScoredPerson => {
      const { weight, probability, matchClass } = this.scorer.weigh(features, c.features);
      const { personId, recordId } = c;
      return { personId, recordId, weight, probability, matchClass, features: c.features };
    });
    const minimum = CLASS_RANK[options.minimumClass ?? 'possible'];
    const matches = bestPerPerson(scored).filter((m) => CLASS_RANK[m.matchClass] >= minimum);
    return { matches, truncated };
  }

  /** The full explanation of a person's score, built only for the persons released. */
  explain(query: MatchFeatures, person: ScoredPerson, reveal: boolean): PersonMatch {
    const { features, ...scored } = person;
    const score = this.scorer.explain(query, features, reveal);
    return { ...scored, explanation: score.explanation };
  }
}

const CLASS_RANK: Record<MatchClass, number> = {
  'no-match': 0,
  possible: 1,
  probable: 2,
  certain: 3,
};
