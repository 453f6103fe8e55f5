import * as fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { IndexPairs, candidatePairs } from '../matching/blocking/candidate-pairs';
import {
  BlockingMetrics,
  LinkageMetrics,
  ThresholdRow,
  blockingMetricsOfIndexPairs,
  linkageMetrics,
  thresholdTable,
} from '../matching/evaluate/linkage-metrics';
import { MatchFeatures } from '../matching/record-types';
import { trainModel } from '../matching/train/train-model';
import { LinkageService } from '../linkage/linkage.service';
import { EvaluationRepository, LinkedRecord } from './evaluation.repository';
import {
  MissedPair,
  missedPair,
  overlaidPairs,
  tallyMissedPairs,
  taskReasonsByRecord,
} from './missed-pairs';
import { ReviewTaskView } from '../matching/evaluate/review-task-metrics';
import { GoldenAccuracy, goldenAccuracy, readTruthFile } from './golden-accuracy';
import { ImportSummary, RecordImporter } from '../records/record-importer';
import { BulkImporter } from '../records/bulk/bulk-importer';
import { MatchModelProvider } from '../retrieval/match-model.provider';
import { PairScorer } from '../retrieval/pair-scorer';
import { PopulationQuality, populationQuality, RecordTruth } from './population-quality';

export const ENTITY_COLUMN = 'entity_id';
/** Labelled-only columns of a families population file; read here, never imported. */
export const HOUSEHOLD_COLUMN = 'household_id';
export const TAGS_COLUMN = 'tags';
export const REPORT_THRESHOLDS = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999];

export interface EvaluationReport {
  file: string;
  seconds: number;
  import: ImportSummary;
  /** Clusters as linked live: automatic (certain) links only, what the MPI would assert. */
  linkage: LinkageMetrics;
  blocking: BlockingMetrics;
  thresholds: ThresholdRow[];
  reviewTasks: number;
  modelVersion: number;
  /** Review queue quality, and per-category figures when the file has tags. */
  population: PopulationQuality;
  /** Golden records against the people's true values, when a truth file was given. */
  golden?: GoldenAccuracy;
  /** Missed true pairs among the blocked ones, by class, rule and tasks (with `missesFile`). */
  missed?: [string, number][];
}

export interface EvaluationOptions {
  /** Train on the file first (unsupervised) and link again. */
  train?: boolean;
  /** The people's true values: golden records are measured. */
  truthFile?: string;
  /** Load by the bulk import path instead of the live one. */
  bulk?: boolean;
  /** Write every missed true pair (missed-pairs.ts) here, one JSON object a line. */
  missesFile?: string;
}

/**
 * Measures the live pipeline on a labelled file: import through the same ingest as any feed,
 * then compare the persons it made with the truth, and the model's scores over the blocked
 * pairs with the truth per threshold. Run it on a scratch database: it writes records.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly importer: RecordImporter,
    private readonly bulkImporter: BulkImporter,
    private readonly dataSource: DataSource,
    private readonly scorer: PairScorer,
    private readonly models: MatchModelProvider,
    private readonly linkage: LinkageService,
    private readonly store: EvaluationRepository,
  ) {}

  async evaluate(
    file: string,
    actor: Principal,
    batchSize: number,
    options: EvaluationOptions = {},
  ): Promise<EvaluationReport> {
    const { train = false, truthFile, bulk = false, missesFile } = options;
    const started = Date.now();
    const truth = new Map<string, string>();
    const labels = new Map<string, RecordTruth>();
    const lines = new Map<string, number>();
    const read = { extraColumns: [ENTITY_COLUMN, HOUSEHOLD_COLUMN, TAGS_COLUMN] };
    const onStored = (line: number, recordId: string, extra: Record<string, string>): void => {
      const entity = extra[ENTITY_COLUMN];
      if (entity === undefined) return;
      truth.set(recordId, entity);
      lines.set(recordId, line);
      labels.set(recordId, {
        entity,
        household: extra[HOUSEHOLD_COLUMN],
        tags: extra[TAGS_COLUMN],
      });
    };
    // One batch at a time: links then follow file order exactly and the figures repeat. The
    // bulk path links in file order by construction.
    const summary = bulk
      ? await this.bulkImporter.importFile(file, actor, read, { onStored })
      : await this.importer.importFile(file, actor, { batchSize, concurrency: 1 }, read, {
          onStored,
        });
    if (train) {
      await this.trainOnStore(actor);
      await this.relinkAll(actor, batchSize);
    }
    const rows = await this.store.linkedRecords();
    const labelled = rows.filter((r) => truth.has(r.id));
    const linkage = linkageMetrics(new Map(labelled.map((r) => [r.id, r.person_id])), truth);
    const features = labelled.map((r) => r.features);
    const entities = labelled.map((r) => truth.get(r.id) as string);
    const blocked = candidatePairs(this.models.model, features, {
      capPerKey: this.scorer.capPerKey,
    });
    const scored = [];
    for (let p = 0; p < blocked.pairs.left.length; p++) {
      const i = blocked.pairs.left[p] as number;
      const j = blocked.pairs.right[p] as number;
      const { probability } = this.scorer.weigh(
        features[i] as MatchFeatures,
        features[j] as MatchFeatures,
      );
      scored.push({ probability, isMatch: entities[i] === entities[j] });
    }
    const blocking = blockingMetricsOfIndexPairs(blocked.pairs, entities);
    const tasks = await this.store.openReviewTasks();
    const missed =
      missesFile === undefined
        ? undefined
        : this.writeMissedPairs(missesFile, labelled, blocked.pairs, entities, tasks, lines);
    return {
      file,
      seconds: (Date.now() - started) / 1000,
      import: summary,
      linkage,
      blocking,
      thresholds: thresholdTable(scored, REPORT_THRESHOLDS, blocking.truePairs),
      reviewTasks: tasks.length,
      modelVersion: this.models.model.version,
      population: populationQuality(
        labelled.map((r) => ({ id: r.id, source: r.source, personId: r.person_id })),
        labels,
        tasks,
      ),
      ...(truthFile === undefined
        ? {}
        : { golden: goldenAccuracy(await this.store.goldens(), truth, readTruthFile(truthFile)) }),
      ...(missed === undefined ? {} : { missed }),
    };
  }

  /**
   * Each blocked pair of one person left in two persons, and each pair of two people's records
   * in one person (an overlay, blocked or chained), explained (no values), to `file`.
   */
  private writeMissedPairs(
    file: string,
    records: readonly LinkedRecord[],
    pairs: IndexPairs,
    entities: readonly string[],
    tasks: readonly ReviewTaskView[],
    lines: ReadonlyMap<string, number>,
  ): [string, number][] {
    const tasksOf = taskReasonsByRecord(tasks);
    const at = (r: LinkedRecord): LinkedRecord & { line: number } => ({
      ...r,
      line: lines.get(r.id) ?? 0,
    });
    const missed: MissedPair[] = [];
    for (let p = 0; p < pairs.left.length; p++) {
      const a = records[pairs.left[p] as number] as LinkedRecord;
      const b = records[pairs.right[p] as number] as LinkedRecord;
      const sameEntity = entities[pairs.left[p] as number] === entities[pairs.right[p] as number];
      if (!sameEntity || a.person_id === b.person_id) continue;
      const { explanation } = this.scorer.explain(a.features, b.features);
      missed.push(missedPair(at(a), at(b), explanation, tasksOf));
    }
    for (const [a, b] of overlaidPairs(records, entities)) {
      const { explanation } = this.scorer.explain(a.features, b.features);
      missed.push(missedPair(at(a), at(b), explanation, tasksOf, 'false-link'));
    }
    fs.writeFileSync(file, missed.map((m) => JSON.stringify(m) + '\n').join(''));
    return tallyMissedPairs(missed);
  }

  /** Unsupervised training on what was loaded (as `mpi train` does), seeded. */
  private async trainOnStore(actor: Principal): Promise<void> {
    const { model, summary } = trainModel(this.models.model, await this.store.allFeatures(), {
      trainedAt: new Date().toISOString(),
      seed: 1,
    });
    await this.models.save(model, summary, actor.subject);
  }

  /** Forgets every link and links the records again, in arrival order, with the current model. */
  private async relinkAll(actor: Principal, batchSize: number): Promise<void> {
    await this.store.forgetLinks();
    const all = await this.store.recordIdsInArrivalOrder();
    for (let i = 0; i < all.length; i += batchSize) {
      const ids = all.slice(i, i + batchSize);
      await this.dataSource.transaction((m) => this.linkage.linkRecords(m, ids, actor));
    }
  }
}
