import { BLOCKING_RULES } from '../blocking/blocking-rules';
import { ComparisonDefinitionError } from '../compare/comparator';
import { compileComparator, isComparisonKindName } from '../compare/comparison-kinds';
import {
  CORROBORATIONS,
  GUARD_NAMES,
  GuardName,
  GuardOverride,
  isCorroboration,
  isGuardName,
} from './rule-settings';
import { parseHousehold } from './parse-household';
import {
  InvalidMatchModelError,
  JsonObject,
  arrayAt,
  integerAt,
  numberAt,
  objectAt,
  onlyKeys,
  optionalNumberAt,
  optionalStringAt,
  stringAt,
  uniqueIds,
} from './json-checks';
import {
  ComparisonDefinition,
  LevelDefinition,
  MATCH_MODEL_FORMAT,
  MatchModel,
  MatchThresholds,
  TermFrequencySetting,
} from './match-model';

export { InvalidMatchModelError } from './json-checks';

/** How far a comparison's m (or u) values may sum from 1 before the model is refused. */
const PROBABILITY_SUM_TOLERANCE = 0.01;

/**
 * Reads parsed JSON (e.g. data/models/default.json) into a MatchModel, checking every part:
 * shape, ranges, unique ids, known comparison kinds, tests and blocking rules, m and u each
 * summing to 1 per comparison, thresholds ordered. Throws InvalidMatchModelError naming the
 * JSON path. The result is a fresh deep-frozen value.
 */
export function parseMatchModel(json: unknown): MatchModel {
  const root = objectAt(json, '$');
  onlyKeys(root, '$', MODEL_KEYS);
  if (root['format'] !== MATCH_MODEL_FORMAT) {
    throw new InvalidMatchModelError('$.format', `must be "${MATCH_MODEL_FORMAT}"`);
  }
  const trainedAt = root['trainedAt'];
  if (
    trainedAt !== null &&
    (typeof trainedAt !== 'string' || Number.isNaN(Date.parse(trainedAt)))
  ) {
    throw new InvalidMatchModelError('$.trainedAt', 'must be null or an ISO timestamp');
  }
  const description = optionalStringAt(root['description'], '$.description');
  const prior = objectAt(root['prior'], '$.prior');
  onlyKeys(prior, '$.prior', ['probability']);
  const comparisons = parseComparisons(root['comparisons']);
  const comparisonIds = comparisons.map((c) => c.id);
  const household = parseHousehold(root['household'], comparisons);
  const model: MatchModel = {
    format: MATCH_MODEL_FORMAT,
    version: integerAt(root['version'], '$.version', 1),
    trainedAt,
    ...(description === undefined ? {} : { description }),
    prior: {
      probability: numberAt(prior['probability'], '$.prior.probability', 0, 1 - Number.EPSILON),
    },
    comparisons,
    blockingRules: parseBlockingRules(root['blockingRules']),
    thresholds: parseThresholds(root['thresholds']),
    deterministicRules: parseDeterministicRules(root['deterministicRules'], comparisonIds),
    ...(household === undefined ? {} : { household }),
  };
  return deepFreeze(model);
}

const MODEL_KEYS = [
  'format',
  'version',
  'trainedAt',
  'description',
  'prior',
  'comparisons',
  'blockingRules',
  'thresholds',
  'deterministicRules',
  'household',
];
const COMPARISON_KEYS = ['id', 'label', 'kind', 'field', 'system', 'termFrequency', 'levels'];
const LEVEL_KEYS = ['id', 'label', 'test', 'threshold', 'length', 'm', 'u'];

function parseComparisons(value: unknown): ComparisonDefinition[] {
  const list = arrayAt(value, '$.comparisons');
  if (list.length === 0)
    throw new InvalidMatchModelError('$.comparisons', 'must hold at least one comparison');
  const comparisons = list.map((item, index) => parseComparison(item, `$.comparisons[${index}]`));
  uniqueIds(
    comparisons.map((c) => c.id),
    '$.comparisons',
  );
  return comparisons;
}

function parseComparison(value: unknown, path: string): ComparisonDefinition {
  const object = objectAt(value, path);
  onlyKeys(object, path, COMPARISON_KEYS);
  const kind = stringAt(object['kind'], `${path}.kind`);
  if (!isComparisonKindName(kind))
    throw new InvalidMatchModelError(`${path}.kind`, `unknown kind "${kind}"`);
  const field = optionalStringAt(object['field'], `${path}.field`);
  const system = optionalStringAt(object['system'], `${path}.system`);
  const levels = arrayAt(object['levels'], `${path}.levels`).map((item, index) =>
    parseLevel(item, `${path}.levels[${index}]`),
  );
  if (levels.length < 2)
    throw new InvalidMatchModelError(`${path}.levels`, 'must hold at least two levels');
  uniqueIds(
    levels.map((level) => level.id),
    `${path}.levels`,
  );
  checkSumsToOne(levels, path);
  const termFrequency = parseTermFrequency(
    object['termFrequency'],
    `${path}.termFrequency`,
    levels,
  );
  const definition: ComparisonDefinition = {
    id: stringAt(object['id'], `${path}.id`),
    label: stringAt(object['label'], `${path}.label`),
    kind,
    ...(field === undefined ? {} : { field }),
    ...(system === undefined ? {} : { system }),
    ...(termFrequency === undefined ? {} : { termFrequency }),
    levels,
  };
  try {
    compileComparator(definition);
  } catch (error) {
    if (error instanceof ComparisonDefinitionError)
      throw new InvalidMatchModelError(path, error.message);
    throw error;
  }
  return definition;
}

function parseLevel(value: unknown, path: string): LevelDefinition {
  const object = objectAt(value, path);
  onlyKeys(object, path, LEVEL_KEYS);
  const test = optionalStringAt(object['test'], `${path}.test`);
  const threshold = optionalNumberAt(object['threshold'], `${path}.threshold`, 0, 1);
  const length =
    object['length'] === undefined ? undefined : integerAt(object['length'], `${path}.length`, 1);
  return {
    id: stringAt(object['id'], `${path}.id`),
    label: stringAt(object['label'], `${path}.label`),
    ...(test === undefined ? {} : { test }),
    ...(threshold === undefined ? {} : { threshold }),
    ...(length === undefined ? {} : { length }),
    m: numberAt(object['m'], `${path}.m`, 0, 1),
    u: numberAt(object['u'], `${path}.u`, 0, 1),
  };
}

function checkSumsToOne(levels: readonly LevelDefinition[], path: string): void {
  for (const key of ['m', 'u'] as const) {
    const sum = levels.reduce((total, level) => total + level[key], 0);
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
      throw new InvalidMatchModelError(
        `${path}.levels`,
        `${key} values must sum to 1 (they sum to ${sum.toFixed(4)})`,
      );
    }
  }
}

function parseTermFrequency(
  value: unknown,
  path: string,
  levels: readonly LevelDefinition[],
): TermFrequencySetting | undefined {
  if (value === undefined) return undefined;
  const object = objectAt(value, path);
  onlyKeys(object, path, ['level', 'minimumU']);
  const level = stringAt(object['level'], `${path}.level`);
  if (!levels.some((l) => l.id === level))
    throw new InvalidMatchModelError(`${path}.level`, `no level "${level}"`);
  return { level, minimumU: numberAt(object['minimumU'], `${path}.minimumU`, 0, 1) };
}

function parseBlockingRules(value: unknown): string[] {
  const ids = arrayAt(value, '$.blockingRules').map((item, index) =>
    stringAt(item, `$.blockingRules[${index}]`),
  );
  ids.forEach((id, index) => {
    if (!BLOCKING_RULES.has(id)) {
      const known = [...BLOCKING_RULES.keys()].join(', ');
      throw new InvalidMatchModelError(
        `$.blockingRules[${index}]`,
        `unknown blocking rule "${id}" (known: ${known})`,
      );
    }
  });
  if (new Set(ids).size !== ids.length)
    throw new InvalidMatchModelError('$.blockingRules', 'lists a rule twice');
  return ids;
}

function parseThresholds(value: unknown): MatchThresholds {
  const object: JsonObject = objectAt(value, '$.thresholds');
  onlyKeys(object, '$.thresholds', ['certain', 'probable', 'possible']);
  const below1 = 1 - Number.EPSILON;
  const thresholds = {
    certain: numberAt(object['certain'], '$.thresholds.certain', 0, below1),
    probable: numberAt(object['probable'], '$.thresholds.probable', 0, below1),
    possible: numberAt(object['possible'], '$.thresholds.possible', 0, below1),
  };
  if (!(thresholds.certain >= thresholds.probable && thresholds.probable >= thresholds.possible)) {
    throw new InvalidMatchModelError(
      '$.thresholds',
      'must satisfy certain >= probable >= possible',
    );
  }
  return thresholds;
}

function parseDeterministicRules(
  value: unknown,
  comparisonIds: readonly string[],
): MatchModel['deterministicRules'] {
  const object = objectAt(value, '$.deterministicRules');
  onlyKeys(object, '$.deterministicRules', ['identifierAuthorities', 'guards', 'guardOverrides']);
  const path = '$.deterministicRules.identifierAuthorities';
  const authorities = arrayAt(object['identifierAuthorities'], path).map((item, index) =>
    stringAt(item, `${path}[${index}]`),
  );
  const guardPath = '$.deterministicRules.guards';
  const guards = arrayAt(object['guards'] ?? [], guardPath).map((item, index) =>
    guardNameAt(item, `${guardPath}[${index}]`),
  );
  if (object['guardOverrides'] === undefined) return { identifierAuthorities: authorities, guards };
  const overridePath = '$.deterministicRules.guardOverrides';
  const guardOverrides = arrayAt(object['guardOverrides'], overridePath).map((item, index) =>
    parseGuardOverride(item, `${overridePath}[${index}]`, guards, comparisonIds),
  );
  const overridden = guardOverrides.map((o) => o.guard);
  if (new Set(overridden).size !== overridden.length)
    throw new InvalidMatchModelError(overridePath, 'overrides a guard twice');
  return { identifierAuthorities: authorities, guards, guardOverrides };
}

function guardNameAt(value: unknown, path: string): GuardName {
  const name = stringAt(value, path);
  if (!isGuardName(name)) {
    throw new InvalidMatchModelError(
      path,
      `unknown guard "${name}" (known: ${GUARD_NAMES.join(', ')})`,
    );
  }
  return name;
}

/** Weight bounds of `minimumOtherWeight`: far beyond any real pair, so typos fail loudly. */
const OVERRIDE_WEIGHT_BOUNDS = { low: -1000, high: 1000 } as const;

function parseGuardOverride(
  value: unknown,
  path: string,
  guards: readonly GuardName[],
  comparisonIds: readonly string[],
): GuardOverride {
  const object = objectAt(value, path);
  onlyKeys(object, path, ['guard', 'corroboration', 'excluding', 'minimumOtherWeight', 'agreeing']);
  const guard = guardNameAt(object['guard'], `${path}.guard`);
  if (!guards.includes(guard))
    throw new InvalidMatchModelError(`${path}.guard`, `guard "${guard}" is not in use`);
  const corroboration = stringAt(object['corroboration'], `${path}.corroboration`);
  if (!isCorroboration(corroboration)) {
    throw new InvalidMatchModelError(
      `${path}.corroboration`,
      `unknown corroboration "${corroboration}" (known: ${CORROBORATIONS.join(', ')})`,
    );
  }
  const comparisonsAt = (key: string, value: unknown): string[] =>
    arrayAt(value, `${path}.${key}`).map((item, index) => {
      const id = stringAt(item, `${path}.${key}[${index}]`);
      if (!comparisonIds.includes(id))
        throw new InvalidMatchModelError(`${path}.${key}[${index}]`, `no comparison "${id}"`);
      return id;
    });
  return {
    guard,
    corroboration,
    excluding: comparisonsAt('excluding', object['excluding']),
    // Optional: models before version 13 have none.
    agreeing: comparisonsAt('agreeing', object['agreeing'] ?? []),
    minimumOtherWeight: numberAt(
      object['minimumOtherWeight'],
      `${path}.minimumOtherWeight`,
      OVERRIDE_WEIGHT_BOUNDS.low,
      OVERRIDE_WEIGHT_BOUNDS.high,
    ),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
