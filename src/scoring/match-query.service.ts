import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { MpiError } from '../common/mpi-error';
import { buildFeatures } from '../matching/features/build-features';
import { normalizeRecord } from '../matching/normalize/normalize-record';
import { CanonicalRecord, MatchFeatures, NormalizationIssue } from '../matching/record-types';
import { PairExplanation } from '../matching/score/explanation';
import { MatchClass } from '../matching/score/match-weight';
import { TokenService } from '../tokens/token.service';
import { CandidateRepository } from './candidate.repository';
import { PairScorer } from './pair-scorer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface PersonMatch {
  personId: string;
  /** The person's record that matched best. */
  recordId: string;
  weight: number;
  probability: number;
  matchClass: MatchClass;
  explanation: PairExplanation;
}

export interface MatchQueryResult {
  matches: PersonMatch[];
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
    const normalized = normalizeRecord(record, this.tables.tables);
    if ('errors' in normalized) {
      throw new MpiError(
        'invalid-input',
        'the query record is not valid',
        normalized.errors.map((e) => ({ location: e.field, reason: e.reason })),
      );
    }
    const features = buildFeatures(
      normalized.record,
      this.tokens.tokenizer,
      this.tokens.activeKeyId,
    );
    return { features, issues: normalized.record.issues };
  }

  async match(
    features: MatchFeatures,
    options: { reveal?: boolean; minimumClass?: MatchClass } = {},
  ): Promise<MatchQueryResult> {
    const keys = this.scorer.lookupKeyTokens(features);
    const { candidates, truncated } = await this.candidates.findByBlockingKeys(
      this.dataSource.manager,
      keys,
      null,
      this.config.match.maxCandidates,
    );
    const best = new Map<string, { recordId: string; features: MatchFeatures; weight: number }>();
    for (const c of candidates) {
      const { weight } = this.scorer.weigh(features, c.features);
      const current = best.get(c.personId);
      if (!current || weight > current.weight)
        best.set(c.personId, { recordId: c.recordId, features: c.features, weight });
    }
    const active = await this.activePersons([...best.keys()]);
    const minimum = CLASS_RANK[options.minimumClass ?? 'possible'];
    const matches = [...best.entries()]
      .filter(([personId]) => active.has(personId))
      .map(([personId, b]): PersonMatch => {
        const score = this.scorer.explain(features, b.features, options.reveal === true);
        return {
          personId,
          recordId: b.recordId,
          weight: score.weight,
          probability: score.probability,
          matchClass: score.matchClass,
          explanation: score.explanation,
        };
      })
      .filter((m) => CLASS_RANK[m.matchClass] >= minimum)
      .sort((a, b) => b.weight - a.weight || a.personId.localeCompare(b.personId));
    return { matches, truncated };
  }

  private async activePersons(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from person where id = any($1::uuid[]) and status = 'active'`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}

const CLASS_RANK: Record<MatchClass, number> = {
  'no-match': 0,
  possible: 1,
  probable: 2,
  certain: 3,
};
