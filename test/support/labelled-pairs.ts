import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project's labelled pair suite (data/pairs/registry-categories.json): records as
 * `POST /api/compare` takes them, each pair labelled as a careful reviewer would label it.
 */
export type PairLabel = 'match' | 'not a match';

export interface LabelledPair {
  readonly id: string;
  readonly category: string;
  readonly label: PairLabel;
  readonly situation: string;
  readonly why: string;
  readonly a: Readonly<Record<string, string>>;
  readonly b: Readonly<Record<string, string>>;
}

/** The categories of issue 14's registry pair suite, in its order. */
export const REGISTRY_CATEGORIES = [
  'address',
  'alias',
  'twins',
  'birth-date',
  'first-name',
  'guardian-missing',
  'hyphenated-family-name',
  'middle-name-missing',
  'mrn-not-deduplicated',
  'mrn-shared',
  'ssn-shared',
] as const;

/** The categories of the fifth suite, written blind around families and namesakes. */
export const FAMILY_CATEGORIES = [
  'twins',
  'parent-child',
  'siblings-spouses',
  'shared-identifier',
  'name-change',
  'transcription',
  'sparse',
  'namesakes',
] as const;

/**
 * The labelled pair suites in data/pairs: ours, the second to fourth and the sixth to tenth
 * written blind to the engine in the registry categories, the fifth written blind in
 * categories of its own.
 */
export const REGISTRY_SUITES = [
  'registry-categories.json',
  'registry-categories-2.json',
  'registry-categories-3.json',
  'registry-categories-4.json',
  'family-categories-5.json',
  'registry-categories-6.json',
  'registry-categories-7.json',
  'registry-categories-8.json',
  'registry-categories-9.json',
  'registry-categories-10.json',
  'registry-categories-11.json',
  'registry-categories-12.json',
  'registry-categories-13.json',
  'registry-categories-14.json',
] as const;

/** The categories a suite covers, in order. */
export function suiteCategories(suite: string): readonly string[] {
  return suite === 'family-categories-5.json' ? FAMILY_CATEGORIES : REGISTRY_CATEGORIES;
}

/** The suite's file, from the compiled test's place (dist/test/support) or the source's. */

export function registryPairsPath(suite: string = REGISTRY_SUITES[0]): string {
  const fromDist = path.resolve(__dirname, '..', '..', '..', 'data', 'pairs');
  const fromSource = path.resolve(__dirname, '..', '..', 'data', 'pairs');
  const dir = fs.existsSync(fromDist) ? fromDist : fromSource;
  return path.join(dir, suite);
}

export function loadLabelledPairs(file: string): LabelledPair[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { pairs: LabelledPair[] };
  return parsed.pairs;
}

/** What `POST /api/compare` answered for one pair, cut to what the report needs. */
export interface CompareOutcome {
  readonly pair: LabelledPair;
  readonly matchClass: string;
  readonly weight: number;
  readonly explanation: CompareExplanation;
}

/** The parts of the engine's explanation (src/matching/score/explanation.ts) a report shows. */
export interface CompareExplanation {
  readonly rule: { rule: string; outcome: string; guard?: string; reason: string } | null;
  readonly modelClass: string;
  readonly sameHousehold: boolean;
  readonly comparisons: readonly { label: string; levelLabel: string; weight: number }[];
  readonly prior: { weight: number };
}

export interface CategoryRow {
  readonly category: string;
  readonly pairs: number;
  readonly matches: number;
  readonly matchesCertain: number;
  readonly nonMatches: number;
  readonly nonMatchesCertain: number;
}

const isCertain = (o: CompareOutcome): boolean => o.matchClass === 'certain';

/** A failure of the acceptance criterion: a match not certain, or a non-match certain. */
export function isFailure(o: CompareOutcome): boolean {
  return o.pair.label === 'match' ? !isCertain(o) : isCertain(o);
}

export function categoryRows(outcomes: readonly CompareOutcome[]): CategoryRow[] {
  const categories = [...new Set(outcomes.map((o) => o.pair.category))];
  return categories.map((category) => {
    const mine = outcomes.filter((o) => o.pair.category === category);
    const matches = mine.filter((o) => o.pair.label === 'match');
    const nonMatches = mine.filter((o) => o.pair.label === 'not a match');
    return {
      category,
      pairs: mine.length,
      matches: matches.length,
      matchesCertain: matches.filter(isCertain).length,
      nonMatches: nonMatches.length,
      nonMatchesCertain: nonMatches.filter(isCertain).length,
    };
  });
}

/** The per-category table as Markdown, with a total row. */
export function formatCategoryTable(rows: readonly CategoryRow[]): string {
  const total = rows.reduce(
    (sum, r) => ({
      category: 'total',
      pairs: sum.pairs + r.pairs,
      matches: sum.matches + r.matches,
      matchesCertain: sum.matchesCertain + r.matchesCertain,
      nonMatches: sum.nonMatches + r.nonMatches,
      nonMatchesCertain: sum.nonMatchesCertain + r.nonMatchesCertain,
    }),
    {
      category: 'total',
      pairs: 0,
      matches: 0,
      matchesCertain: 0,
      nonMatches: 0,
      nonMatchesCertain: 0,
    },
  );
  const line = (r: CategoryRow): string =>
    `| ${r.category} | ${r.pairs} | ${r.matchesCertain} / ${r.matches} | ` +
    `${r.nonMatchesCertain} / ${r.nonMatches} | ` +
    `${r.matches - r.matchesCertain + r.nonMatchesCertain} |`;
  return [
    '| category | pairs | match pairs certain | not-a-match pairs certain | failures |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(line),
    line(total),
  ].join('\n');
}

/** One failing pair: the label, the answer, the deciding rule and the weights that made it. */
export function describeFailure(o: CompareOutcome): string {
  const { explanation: e } = o;
  const rule =
    e.rule === null
      ? 'no rule'
      : `rule ${e.rule.rule} -> ${e.rule.outcome}` +
        (e.rule.guard === undefined ? '' : ` (guard ${e.rule.guard})`) +
        `: ${e.rule.reason}`;
  const weights = e.comparisons
    .filter((c) => c.weight !== 0)
    .map((c) => `${c.label}: ${c.levelLabel} ${signed(c.weight)}`);
  return [
    `${o.pair.id} [${o.pair.label}] ${o.pair.situation}`,
    `  answer: ${o.matchClass} (weight ${signed(o.weight)}, model class ${e.modelClass}` +
      `${e.sameHousehold ? ', one household' : ''}); ${rule}`,
    `  prior ${signed(e.prior.weight)}; ${weights.join('; ')}`,
    `  reviewer: ${o.pair.why}`,
  ].join('\n');
}

const signed = (bits: number): string => `${bits >= 0 ? '+' : ''}${bits.toFixed(2)}`;
