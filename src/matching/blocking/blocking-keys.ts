import { MatchModel } from '../model/match-model';
import { MatchFeatures } from '../record-types';
import { BlockingRule } from './blocking-rule';
import { BLOCKING_RULES } from './blocking-rules';

/**
 * A record's blocking keys, each `ruleId:value`, so keys of different rules never collide and
 * a candidate pair can say which rule found it. Duplicates are removed.
 */
export function blockingKeys(
  source: MatchModel | readonly string[],
  features: MatchFeatures,
): string[] {
  const keys = new Set<string>();
  for (const rule of rulesOf(source)) {
    for (const value of rule.keys(features)) keys.add(`${rule.id}:${value}`);
  }
  return [...keys];
}

/** A model's rules, looked up once per model: every record of a bulk load asks. */
const modelRules = new WeakMap<MatchModel, BlockingRule[]>();

function rulesOf(source: MatchModel | readonly string[]): BlockingRule[] {
  if (isIdList(source)) return resolveBlockingRules(source);
  let rules = modelRules.get(source);
  if (rules === undefined) {
    rules = resolveBlockingRules(source);
    modelRules.set(source, rules);
  }
  return rules;
}

/** The rules a model (or a list of ids) names; throws on an unknown id. */
export function resolveBlockingRules(source: MatchModel | readonly string[]): BlockingRule[] {
  const ids = isIdList(source) ? source : source.blockingRules;
  return ids.map((id) => {
    const rule = BLOCKING_RULES.get(id);
    if (rule === undefined) throw new Error(`unknown blocking rule "${id}"`);
    return rule;
  });
}

/** The rule id of a key made by blockingKeys. */
export function blockingRuleOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

function isIdList(source: MatchModel | readonly string[]): source is readonly string[] {
  return Array.isArray(source);
}
