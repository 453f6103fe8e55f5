import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { blockingKeys } from '../matching/blocking/blocking-keys';
import { MatchModel } from '../matching/model/match-model';
import { MatchFeatures } from '../matching/record-types';
import { compileModel } from '../matching/score/compile-model';
import {
  PairScore,
  PairWeight,
  pairContradicts,
  scorePair,
  weighPair,
} from '../matching/score/score-pair';
import { lookupBlockKeys, retiredTokenizers } from '../tokens/key-rotation-lookup';
import { TokenService } from '../tokens/token.service';
import { MatchModelProvider } from './match-model.provider';
import { TermFrequencyCache } from './term-frequency.cache';

/** A record's blocking keys as stored, under a model and the active key (also in worker threads). */
export function storedBlockKeysOf(
  model: MatchModel,
  tokens: TokenService,
  features: MatchFeatures,
): string[] {
  return blockingKeys(model, features).map((key) => tokens.blockKey(key));
}

/**
 * The engine as the services use it: the current model, the store's name frequencies and
 * the keyed blocking keys, behind three calls (weigh fast, explain in full, block).
 */
@Injectable()
export class PairScorer {
  constructor(
    private readonly models: MatchModelProvider,
    private readonly frequencies: TermFrequencyCache,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The hot path: weight, probability and class, no explanation. */
  weigh(a: MatchFeatures, b: MatchFeatures, hardNo = false): PairWeight {
    return weighPair(compileModel(this.models.model), a, b, {
      termFrequency: this.frequencies.lookup,
      hardNo,
    });
  }

  /** Whether the two are two people by the evidence (score-pair.ts: pairContradicts). */
  contradicts(a: MatchFeatures, b: MatchFeatures): boolean {
    return pairContradicts(
      compileModel(this.models.model),
      a,
      b,
      { termFrequency: this.frequencies.lookup },
      this.chainGuardWeight,
    );
  }

  /** The same score with its explanation; values shown only when `reveal`. */
  explain(a: MatchFeatures, b: MatchFeatures, reveal = false, hardNo = false): PairScore {
    return scorePair(compileModel(this.models.model), a, b, {
      termFrequency: this.frequencies.lookup,
      reveal,
      hardNo,
    });
  }

  /** Blocking keys as stored: keyed hashes, so key values never sit in the database in clear. */
  storedBlockKeys(features: MatchFeatures): string[] {
    return storedBlockKeysOf(this.models.model, this.tokens, features);
  }

  /**
   * Blocking keys to look candidates up by: during a key rotation under every configured key.
   * `active`, the features' keys under the active key when the caller already made them (the
   * ingest did, to store them), is all there is to it outside a rotation: no hash made twice.
   */
  lookupKeys(features: MatchFeatures, active?: readonly string[]): string[] {
    if (active && retiredTokenizers(this.tokens.keyring).length === 0) return [...active];
    return lookupBlockKeys(this.tokens, blockingKeys(this.models.model, features));
  }

  get capPerKey(): number {
    return this.config.match.maxCandidates;
  }

  /**
   * A record may join a person only if it does not plainly contradict any of the person's
   * records: no pair may weigh less than minus MPI_CHAIN_GUARD_BITS (default 10 bits, odds of
   * about 1000 to 1 against). Stricter guards cost recall without buying precision on the
   * evaluation sets; a chain that fails goes to a steward as a `weak-chain` task.
   */
  get chainGuardWeight(): number {
    return -this.config.match.chainGuardBits;
  }
}
