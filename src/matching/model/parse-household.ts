import {
  ConditionalComparison,
  FamilySettings,
  HouseholdMember,
  HouseholdSettings,
} from './household-settings';
import {
  InvalidMatchModelError,
  arrayAt,
  integerAt,
  numberAt,
  objectAt,
  onlyKeys,
  stringAt,
} from './json-checks';
import { ComparisonDefinition } from './match-model';

const PATH = '$.household';
/** How far a conditional comparison's m (or u) values may sum from 1. */
const SUM_TOLERANCE = 0.01;

/**
 * Reads `$.household` against the model's comparisons: members and conditional comparisons
 * name comparisons the model has, agreeing levels are levels of theirs, and a conditional
 * comparison lists every level of its comparison, in order, with m and u each summing to 1.
 */
export function parseHousehold(
  value: unknown,
  comparisons: readonly ComparisonDefinition[],
): HouseholdSettings | undefined {
  if (value === undefined) return undefined;
  const object = objectAt(value, PATH);
  onlyKeys(object, PATH, ['members', 'minimumAgreeing', 'm', 'u', 'conditional', 'family']);
  const members = arrayAt(object['members'], `${PATH}.members`).map((item, index) =>
    parseMember(item, `${PATH}.members[${index}]`, comparisons),
  );
  const minimumAgreeing = integerAt(object['minimumAgreeing'], `${PATH}.minimumAgreeing`, 2);
  if (minimumAgreeing > members.length)
    throw new InvalidMatchModelError(`${PATH}.minimumAgreeing`, 'exceeds the number of members');
  const conditional = arrayAt(object['conditional'], `${PATH}.conditional`).map((item, index) =>
    parseConditional(item, `${PATH}.conditional[${index}]`, comparisons),
  );
  const memberIds = new Set(members.map((m) => m.comparison));
  conditional.forEach((c, index) => {
    if (memberIds.has(c.comparison))
      throw new InvalidMatchModelError(
        `${PATH}.conditional[${index}].comparison`,
        'a household member cannot also be conditional on the household',
      );
  });
  const family = parseFamily(object['family'], memberIds, comparisons);
  return {
    members,
    minimumAgreeing,
    m: numberAt(object['m'], `${PATH}.m`, 0, 1),
    u: numberAt(object['u'], `${PATH}.u`, 0, 1),
    conditional,
    ...(family === undefined ? {} : { family }),
  };
}

function parseFamily(
  value: unknown,
  memberIds: ReadonlySet<string>,
  comparisons: readonly ComparisonDefinition[],
): FamilySettings | undefined {
  if (value === undefined) return undefined;
  const path = `${PATH}.family`;
  const object = objectAt(value, path);
  onlyKeys(object, path, ['member', 'unless', 'conditional']);
  const member = stringAt(object['member'], `${path}.member`);
  if (!memberIds.has(member))
    throw new InvalidMatchModelError(`${path}.member`, `"${member}" is not a household member`);
  const conditional = arrayAt(object['conditional'], `${path}.conditional`).map((item, index) =>
    parseConditional(item, `${path}.conditional[${index}]`, comparisons),
  );
  const unless = parseMember(object['unless'], `${path}.unless`, comparisons);
  return { member, unless, conditional };
}

function comparisonAt(
  value: unknown,
  path: string,
  comparisons: readonly ComparisonDefinition[],
): ComparisonDefinition {
  const id = stringAt(value, path);
  const comparison = comparisons.find((c) => c.id === id);
  if (comparison === undefined) throw new InvalidMatchModelError(path, `no comparison "${id}"`);
  return comparison;
}

function parseMember(
  value: unknown,
  path: string,
  comparisons: readonly ComparisonDefinition[],
): HouseholdMember {
  const object = objectAt(value, path);
  onlyKeys(object, path, ['comparison', 'agreeing']);
  const comparison = comparisonAt(object['comparison'], `${path}.comparison`, comparisons);
  const agreeing = arrayAt(object['agreeing'], `${path}.agreeing`).map((item, index) => {
    const id = stringAt(item, `${path}.agreeing[${index}]`);
    if (!comparison.levels.some((level) => level.id === id))
      throw new InvalidMatchModelError(`${path}.agreeing[${index}]`, `no level "${id}"`);
    return id;
  });
  if (agreeing.length === 0)
    throw new InvalidMatchModelError(`${path}.agreeing`, 'must name at least one level');
  return { comparison: comparison.id, agreeing };
}

/** One level set, or a list of them (models before version 7 hold one). */
function parseUnless(
  value: unknown,
  path: string,
  comparisons: readonly ComparisonDefinition[],
): HouseholdMember[] {
  return Array.isArray(value)
    ? value.map((item, index) => parseMember(item, `${path}[${index}]`, comparisons))
    : [parseMember(value, path, comparisons)];
}

function parseConditional(
  value: unknown,
  path: string,
  comparisons: readonly ComparisonDefinition[],
): ConditionalComparison {
  const object = objectAt(value, path);
  onlyKeys(object, path, ['comparison', 'levels', 'unless']);
  const comparison = comparisonAt(object['comparison'], `${path}.comparison`, comparisons);
  const unless =
    object['unless'] === undefined
      ? undefined
      : parseUnless(object['unless'], `${path}.unless`, comparisons);
  if (unless?.some((set) => set.comparison === comparison.id))
    throw new InvalidMatchModelError(`${path}.unless`, 'must name other comparisons');
  const levels = arrayAt(object['levels'], `${path}.levels`).map((item, index) => {
    const levelPath = `${path}.levels[${index}]`;
    const level = objectAt(item, levelPath);
    onlyKeys(level, levelPath, ['id', 'm', 'u']);
    return {
      id: stringAt(level['id'], `${levelPath}.id`),
      m: numberAt(level['m'], `${levelPath}.m`, 0, 1),
      u: numberAt(level['u'], `${levelPath}.u`, 0, 1),
    };
  });
  const expected = comparison.levels.map((level) => level.id).join(', ');
  if (levels.map((level) => level.id).join(', ') !== expected)
    throw new InvalidMatchModelError(
      `${path}.levels`,
      `must list the levels ${expected}, in order`,
    );
  for (const key of ['m', 'u'] as const) {
    const sum = levels.reduce((total, level) => total + level[key], 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE)
      throw new InvalidMatchModelError(
        `${path}.levels`,
        `${key} values must sum to 1 (they sum to ${sum.toFixed(4)})`,
      );
  }
  return { comparison: comparison.id, levels, ...(unless === undefined ? {} : { unless }) };
}
