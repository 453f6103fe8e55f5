import {
  CategoryRow,
  categoryMetrics,
  indexPopulation,
  TaggedRecord,
} from '../matching/evaluate/category-metrics';
import { Clustering } from '../matching/evaluate/linkage-metrics';
import { parseTags } from '../matching/evaluate/population-tags';
import {
  ReviewMetrics,
  reviewMetrics,
  ReviewTaskView,
} from '../matching/evaluate/review-task-metrics';

/** What eval learns of a record from the file's labelled columns. */
export interface RecordTruth {
  readonly entity: string;
  readonly household?: string;
  readonly tags?: string;
}

export interface StoredLink {
  readonly id: string;
  readonly source: string;
  readonly personId: string;
}

export interface PopulationQuality {
  /** Only for a file with a `tags` column (`mpi dataset families`). */
  readonly categories?: CategoryRow[];
  readonly review: ReviewMetrics;
}

/** Per-category linkage and review-queue figures of the labelled records as linked. */
export function populationQuality(
  links: readonly StoredLink[],
  truth: ReadonlyMap<string, RecordTruth>,
  tasks: readonly ReviewTaskView[],
): PopulationQuality {
  const records: TaggedRecord[] = [];
  const predicted = new Map<string, string>();
  const personRecords = new Map<string, string[]>();
  let tagged = false;
  for (const link of links) {
    const known = truth.get(link.id);
    if (!known) continue;
    tagged ||= known.tags !== undefined;
    records.push({
      id: link.id,
      entity: known.entity,
      source: link.source,
      household: known.household,
      tags: parseTags(known.tags),
    });
    predicted.set(link.id, link.personId);
    personRecords.set(link.personId, [...(personRecords.get(link.personId) ?? []), link.id]);
  }
  const index = indexPopulation(records);
  return {
    categories: tagged ? categoryMetrics(index, predicted as Clustering) : undefined,
    review: reviewMetrics(index, tasks, personRecords),
  };
}
