import { CategoryRow } from '../matching/evaluate/category-metrics';
import { ReviewMetrics } from '../matching/evaluate/review-task-metrics';
import { EvaluationReport } from './evaluation.service';

const pct = (x: number): string => x.toFixed(4);

/** The report as a person reads it (and as the README's table quotes it). */
export function formatEvaluation(r: EvaluationReport): string {
  const l = r.linkage;
  const lines = [
    `file: ${r.file}`,
    `records: ${l.records} (rejected ${r.import.rejected}), true entities: ${l.clusters.trueEntities}, model v${r.modelVersion}, time: ${r.seconds.toFixed(1)} s`,
    '',
    'automatic links (certain):',
    `  pairwise precision ${pct(l.pairwise.precision)}  recall ${pct(l.pairwise.recall)}  F1 ${pct(l.pairwise.f1)}`,
    `  true pairs ${l.pairwise.truePairs}, linked pairs ${l.pairwise.predictedPairs}, correct ${l.pairwise.truePositives}`,
    `  golden records ${l.clusters.predictedClusters}, overlays ${l.clusters.overlays}, split people ${l.clusters.splitEntities}`,
    `  review tasks open: ${r.reviewTasks}`,
    ...reviewLines(r.population.review),
    ...(r.population.categories ? categoryLines(r.population.categories, r.population.review) : []),
    '',
    'blocking:',
    `  pair completeness ${pct(r.blocking.pairCompleteness)}  reduction ratio ${r.blocking.reductionRatio.toFixed(6)}  candidate pairs ${r.blocking.candidatePairs}`,
    '',
    'model over blocked pairs, by threshold:',
    '  threshold  precision  recall   F1',
    ...r.thresholds.map(
      (t) =>
        `  ${String(t.threshold).padEnd(9)}  ${pct(t.precision)}     ${pct(t.recall)}   ${pct(t.f1)}`,
    ),
    ...goldenLines(r),
    ...missedLines(r),
  ];
  return lines.join('\n') + '\n';
}

/** The most common reasons a blocked true pair stayed apart (`mpi eval --misses`). */
function missedLines(r: EvaluationReport): string[] {
  if (!r.missed) return [];
  const total = r.missed.reduce((sum, [, n]) => sum + n, 0);
  return [
    '',
    `true pairs blocking found but linkage left apart: ${total}, by class, rule and the tasks on the records:`,
    ...r.missed.slice(0, 12).map(([key, n]) => `  ${String(n).padStart(6)}  ${key}`),
  ];
}

function goldenLines(r: EvaluationReport): string[] {
  const g = r.golden;
  if (!g) return [];
  return [
    '',
    `golden records against the truth (${g.persons} holding 2+ registrations of one person):`,
    `  given name ${pct(g.givenName)}  family name ${pct(g.familyName)}  birth date ${pct(g.birthDate)}`,
    `  sex ${pct(g.sex)}  postal code ${pct(g.postalCode)}  given + family + birth date ${pct(g.allThree)}`,
    `  family name of those who never changed it ${pct(g.familyNameUnchanged)}, postal code of those who never moved ${pct(g.postalCodeNotMoved)}`,
  ];
}

function reviewLines(review: ReviewMetrics): string[] {
  const share = (right: number, of: number) => (of === 0 ? '-' : pct(right / of));
  return [
    `  review tasks per 1,000 records: ${review.perThousandRecords.toFixed(1)}; candidate is the true person in ${review.candidateIsTruePerson} of ${review.withCandidate} (${pct(review.trueCandidateShare)})`,
    ...review.byReason.map(
      (r) =>
        `    ${r.reason.padEnd(26)}${String(r.tasks).padStart(6)} tasks, true person ${share(r.candidateIsTruePerson, r.withCandidate)}`,
    ),
  ];
}

/** One row per category; a pair of two people counts under their true relationship. */
function categoryLines(rows: readonly CategoryRow[], review: ReviewMetrics): string[] {
  const cell = (value: string | number, width: number) => String(value).padStart(width);
  return [
    '',
    'automatic links by category (pairs of one person: by what the person is; of two: by their relationship):',
    '  category           linked  false  precision  true pairs  recall  overlays  wrong review candidates',
    ...rows.map(
      (c) =>
        `  ${c.category.padEnd(17)}${cell(c.linkedPairs, 8)}${cell(c.falsePairs, 7)}${cell(pct(c.precision), 11)}${cell(c.truePairs, 12)}${cell(pct(c.recall), 8)}${cell(c.overlays, 10)}${cell(review.wrongByCategory[c.category], 25)}`,
    ),
  ];
}
