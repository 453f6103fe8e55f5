import { MatchModel } from '../model/match-model';
import { ConditionalComparison, HouseholdSettings } from '../model/household-settings';
import { levelWeight } from '../score/match-weight';

/** What a training run did and how every parameter moved, for `mpi train` to print. */
export interface TrainingSession {
  /** Blocking rule whose candidate pairs the session used. */
  readonly rule: string;
  readonly pairs: number;
  /** Comparisons whose m the session estimated (those the rule does not bias). */
  readonly estimated: readonly string[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Share of the rule's candidate pairs EM took for matches. */
  readonly lambda: number;
  /** Why the session was skipped, when it was. */
  readonly skipped?: string;
}

export interface Moved {
  readonly before: number;
  readonly after: number;
}

export interface LevelChange {
  readonly comparisonId: string;
  readonly levelId: string;
  readonly m: Moved;
  readonly u: Moved;
  readonly weight: Moved;
}

export interface TrainingSummary {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly trainedAt: string;
  readonly records: number;
  readonly randomPairs: number;
  readonly candidatePairs: number;
  readonly truncatedKeys: number;
  /** Expected matching pairs among the candidates, at the trained parameters. */
  readonly expectedMatches: number;
  readonly prior: Moved;
  readonly levels: readonly LevelChange[];
  readonly sessions: readonly TrainingSession[];
  /** Comparisons whose u was kept because random pairs rarely had both values. */
  readonly uKept: readonly string[];
  /** The household's estimate, when the model has household settings. */
  readonly household?: HouseholdTraining;
}

export interface HouseholdTraining {
  /** P(one household | two people). */
  readonly u: Moved;
  readonly randomInHousehold: number;
  readonly randomPairs: number;
  /** Candidate pairs of one household / one family EM learnt from (0: settings kept). */
  readonly householdPairs: number;
  readonly familyPairs: number;
  /** The conditional levels' u, as `kinship:comparison` / level. */
  readonly levels: readonly LevelChange[];
}

/** How each conditional level moved, household first, then family. */
export function conditionalChanges(
  before: HouseholdSettings | undefined,
  after: HouseholdSettings,
): LevelChange[] {
  const kinships: [string, readonly ConditionalComparison[], readonly ConditionalComparison[]][] = [
    ['household', before?.conditional ?? [], after.conditional],
    ['family', before?.family?.conditional ?? [], after.family?.conditional ?? []],
  ];
  return kinships.flatMap(([kinship, old, now]) =>
    now.flatMap((comparison, c) =>
      comparison.levels.map((level, l) => {
        const was = old[c]?.levels[l] ?? level;
        return {
          comparisonId: `${kinship}:${comparison.comparison}`,
          levelId: level.id,
          m: { before: was.m, after: level.m },
          u: { before: was.u, after: level.u },
          weight: { before: levelWeight(was.m, was.u), after: levelWeight(level.m, level.u) },
        };
      }),
    ),
  );
}

export function levelChanges(before: MatchModel, after: MatchModel): LevelChange[] {
  return after.comparisons.flatMap((comparison, c) =>
    comparison.levels.map((level, l) => {
      const old = before.comparisons[c]?.levels[l] ?? level;
      return {
        comparisonId: comparison.id,
        levelId: level.id,
        m: { before: old.m, after: level.m },
        u: { before: old.u, after: level.u },
        weight: { before: levelWeight(old.m, old.u), after: levelWeight(level.m, level.u) },
      };
    }),
  );
}

/** A plain-text report: the run, then one line per level with m, u and weight before -> after. */
export function formatTrainingSummary(summary: TrainingSummary): string {
  const lines = [
    `model version ${summary.fromVersion} -> ${summary.toVersion}, trained at ${summary.trainedAt}`,
    `records ${summary.records}, random pairs ${summary.randomPairs}, candidate pairs ${summary.candidatePairs}` +
      ` (${summary.truncatedKeys} keys over the cap), expected matching pairs ${summary.expectedMatches.toFixed(1)}`,
    `prior ${summary.prior.before.toExponential(3)} -> ${summary.prior.after.toExponential(3)}`,
    ...summary.sessions.map(
      (s) =>
        `session ${s.rule}: ${s.pairs} pairs, ` +
        (s.skipped ??
          `lambda ${s.lambda.toFixed(4)}, ${s.iterations} iterations${s.converged ? '' : ' (not converged)'}`),
    ),
    ...(summary.uKept.length > 0
      ? [`u kept (too few random pairs with both values): ${summary.uKept.join(', ')}`]
      : []),
    ...householdLines(summary.household),
    'comparison/level: m before -> after | u before -> after | weight before -> after',
    ...summary.levels.map(
      (l) =>
        `${l.comparisonId}/${l.levelId}: ${fmt(l.m)} | ${fmt(l.u)} | ` +
        `${l.weight.before.toFixed(2)} -> ${l.weight.after.toFixed(2)}`,
    ),
  ];
  return lines.join('\n');
}

function householdLines(household: HouseholdTraining | undefined): string[] {
  if (household === undefined) return [];
  const pairs = (n: number): string => (n === 0 ? 'too few pairs, kept' : `${n} pairs`);
  return [
    `household u ${fmt(household.u)} (${household.randomInHousehold} of ${household.randomPairs} random pairs in one household)`,
    `household conditional u: ${pairs(household.householdPairs)}; family: ${pairs(household.familyPairs)}`,
    ...household.levels.map(
      (l) =>
        `${l.comparisonId}/${l.levelId}: u ${fmt(l.u)} | weight ${l.weight.before.toFixed(2)} -> ${l.weight.after.toFixed(2)}`,
    ),
  ];
}

function fmt(moved: Moved): string {
  return `${moved.before.toPrecision(4)} -> ${moved.after.toPrecision(4)}`;
}
