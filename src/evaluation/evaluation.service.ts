import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { candidatePairs } from '../matching/blocking/candidate-pairs';
import {
  BlockingMetrics,
  LinkageMetrics,
  ThresholdRow,
  blockingMetricsOfIndexPairs,
  linkageMetrics,
  thresholdTable,
} from '../matching/evaluate/linkage-metrics';
import { ReviewTaskView } from '../matching/evaluate/review-task-metrics';
import { MatchFeatures } from '../matching/record-types';
import { trainModel } from '../matching/train/train-model';
import { LinkageService } from '../linkage/linkage.service';
import { GoldenRecord } from '../linkage/survivorship';
import { GoldenAccuracy, goldenAccuracy, readTruthFile } from './golden-accuracy';
import { ImportSummary, RecordImporter } from '../records/record-importer';
import { MatchModelProvider } from '../scoring/match-model.provider';
import { PairScorer } from '../scoring/pair-scorer';
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
    private readonly dataSource: DataSource,
    private readonly scorer: PairScorer,
    private readonly models: MatchModelProvider,
    private readonly linkage: LinkageService,
  ) {}

  async evaluate(
    file: string,
    actor: Principal,
    batchSize: number,
    train: boolean,
    truthFile?: string,
  ): Promise<EvaluationReport> {
    const started = Date.now();
    const truth = new Map<string, string>();
    const labels = new Map<string, RecordTruth>();
    // One batch at a time: links then follow file order exactly and the figures repeat.
    const summary = await this.importer.importFile(
      file,
      actor,
      { batchSize, concurrency: 1 },
      { extraColumns: [ENTITY_COLUMN, HOUSEHOLD_COLUMN, TAGS_COLUMN] },
      {
        onStored: (_line, recordId, extra) => {
          const entity = extra[ENTITY_COLUMN];
          if (entity === undefined) return;
          truth.set(recordId, entity);
          labels.set(recordId, {
            entity,
            household: extra[HOUSEHOLD_COLUMN],
            tags: extra[TAGS_COLUMN],
          });
        },
      },
    );
    if (train) {
      await this.trainOnStore(actor);
      await this.relinkAll(actor, batchSize);
    }
    const rows: { id: string; source: string; person_id: string; features: MatchFeatures }[] =
      await this.dataSource.query(
        `select r.id, r.source, l.person_id, r.features from source_record r join record_link l on l.record_id = r.id order by r.received_at, r.id`,
      );
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
    const tasks = await this.openReviewTasks();
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
        : { golden: goldenAccuracy(await this.goldens(), truth, readTruthFile(truthFile)) }),
    };
  }

  private async goldens(): Promise<{ golden: GoldenRecord; recordIds: string[] }[]> {
    const rows: { golden: GoldenRecord; record_ids: string[] }[] = await this.dataSource.query(
      `select p.golden, array_agg(l.record_id::text) as record_ids
         from person p join record_link l on l.person_id = p.id group by p.id`,
    );
    return rows.map((r) => ({ golden: r.golden, recordIds: r.record_ids }));
  }

  /**
   * Open tasks as eval reads them: the record or person proposed, the candidate, and why. The
   * reason code is read through `to_jsonb` so stores from before the column still answer.
   */
  private async openReviewTasks(): Promise<ReviewTaskView[]> {
    const rows: {
      record_id: string | null;
      person_id: string | null;
      candidate: string | null;
      reason: string;
    }[] = await this.dataSource.query(
      `select t.record_id, t.person_id, t.candidate_person_id as candidate,
              coalesce(to_jsonb(t) ->> 'reason_code', t.kind) as reason
         from review_task t where t.status = 'open'`,
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      personId: r.person_id,
      candidatePersonId: r.candidate,
      reason: r.reason,
    }));
  }

  /** Unsupervised training on what was loaded (as `mpi train` does), seeded. */
  private async trainOnStore(actor: Principal): Promise<void> {
    const rows: { features: MatchFeatures }[] = await this.dataSource.query(
      `select features from source_record order by id`,
    );
    const { model, summary } = trainModel(
      this.models.model,
      rows.map((r) => r.features),
      { trainedAt: new Date().toISOString(), seed: 1 },
    );
    await this.models.save(model, summary, actor.subject);
  }

  /** Forgets every link and links the records again, in arrival order, with the current model. */
  private async relinkAll(actor: Principal, batchSize: number): Promise<void> {
    await this.dataSource.query(
      `truncate record_link, review_task, hard_no, link_event, person_version, person cascade`,
    );
    const rows: { id: string }[] = await this.dataSource.query(
      `select id from source_record order by received_at, id`,
    );
    for (let i = 0; i < rows.length; i += batchSize) {
      const ids = rows.slice(i, i + batchSize).map((r) => r.id);
      await this.dataSource.transaction((m) => this.linkage.linkRecords(m, ids, actor));
    }
  }
}
