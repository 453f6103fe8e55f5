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
  ];
  return lines.join('\n') + '\n';
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
