import { Clustering } from './linkage-metrics';
import { ParsedTags, RelationKind } from './population-tags';

/**
 * Linkage quality per kind of hard case, from a tagged population. A pair of records of one
 * person belongs to the categories of that person (a twin's own records are "twins"); a pair of
 * two people belongs to the categories of their true relationship, so a wrong link is counted
 * where it did harm. A pair can fall in several categories (spouses sharing an SSN).
 */
export const PAIR_CATEGORIES = [
  'twins',
  'generational',
  'parent-child',
  'siblings',
  'spouses',
  'household',
  'shared-identifier',
  'same-source',
  'unrelated',
] as const;
export type PairCategory = (typeof PAIR_CATEGORIES)[number];

export interface TaggedRecord {
  readonly id: string;
  readonly entity: string;
  readonly source: string;
  readonly household?: string;
  readonly tags: ParsedTags;
}

export interface CategoryRow {
  readonly category: PairCategory;
  /** Automatically linked pairs in the category, right or wrong. */
  readonly linkedPairs: number;
  readonly falsePairs: number;
  /** 1 when nothing in the category was linked. */
  readonly precision: number;
  /** Pairs of one person in the category (what recall is counted against). */
  readonly truePairs: number;
  readonly recall: number;
  /** Golden records holding two people related as the category says. */
  readonly overlays: number;
}

const RELATION_CATEGORY: Readonly<Record<RelationKind, PairCategory>> = {
  'twin-of': 'twins',
  'generational-of': 'generational',
  'parent-of': 'parent-child',
  'child-of': 'parent-child',
  'sibling-of': 'siblings',
  'spouse-of': 'spouses',
};

/** What the category rules need to know about the whole population, built once. */
export interface PopulationIndex {
  readonly records: ReadonlyMap<string, TaggedRecord>;
  /** entity -> other entity -> relation categories (both directions merged). */
  readonly relations: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<PairCategory>>>;
  /** Entities whose identifier another person's record carries, and those carrying one. */
  readonly sharingIdentifier: ReadonlySet<string>;
  /** Entities living with at least one other person. */
  readonly inHousehold: ReadonlySet<string>;
}

function addRelation(
  relations: Map<string, Map<string, Set<PairCategory>>>,
  from: string,
  to: string,
  category: PairCategory,
): void {
  const row = relations.get(from) ?? new Map<string, Set<PairCategory>>();
  const set = row.get(to) ?? new Set<PairCategory>();
  set.add(category);
  row.set(to, set);
  relations.set(from, row);
}

export function indexPopulation(records: readonly TaggedRecord[]): PopulationIndex {
  const relations = new Map<string, Map<string, Set<PairCategory>>>();
  const sharingIdentifier = new Set<string>();
  const householdMembers = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [other, kinds] of record.tags.relations) {
      for (const kind of kinds) {
        addRelation(relations, record.entity, other, RELATION_CATEGORY[kind]);
        addRelation(relations, other, record.entity, RELATION_CATEGORY[kind]);
      }
    }
    for (const owner of record.tags.identifiersOf) {
      sharingIdentifier.add(owner);
      sharingIdentifier.add(record.entity);
    }
    if (record.household !== undefined) {
      const members = householdMembers.get(record.household) ?? new Set<string>();
      members.add(record.entity);
      householdMembers.set(record.household, members);
    }
  }
  const inHousehold = new Set<string>();
  for (const members of householdMembers.values()) {
    if (members.size > 1) for (const m of members) inHousehold.add(m);
  }
  return {
    records: new Map(records.map((r) => [r.id, r])),
    relations,
    sharingIdentifier,
    inHousehold,
  };
}

function personCategories(index: PopulationIndex, entity: string): Set<PairCategory> {
  const categories = new Set<PairCategory>();
  for (const kinds of index.relations.get(entity)?.values() ?? []) {
    for (const kind of kinds) categories.add(kind);
  }
  if (index.inHousehold.has(entity)) categories.add('household');
  if (index.sharingIdentifier.has(entity)) categories.add('shared-identifier');
  return categories;
}

function sharesIdentifier(a: TaggedRecord, b: TaggedRecord): boolean {
  if (a.tags.identifiersOf.has(b.entity) || b.tags.identifiersOf.has(a.entity)) return true;
  for (const owner of a.tags.identifiersOf) if (b.tags.identifiersOf.has(owner)) return true;
  return false;
}

/** Two people: their relationship; a namesake father and son count as generational only. */
function betweenCategories(index: PopulationIndex, a: TaggedRecord, b: TaggedRecord) {
  const categories = new Set<PairCategory>(index.relations.get(a.entity)?.get(b.entity) ?? []);
  if (categories.has('generational')) categories.delete('parent-child');
  const related = categories.size > 0;
  if (!related && a.household !== undefined && a.household === b.household) {
    categories.add('household');
  }
  if (sharesIdentifier(a, b)) categories.add('shared-identifier');
  if (categories.size === 0) categories.add('unrelated');
  return categories;
}

export function pairCategories(
  index: PopulationIndex,
  a: TaggedRecord,
  b: TaggedRecord,
): Set<PairCategory> {
  const categories =
    a.entity === b.entity ? personCategories(index, a.entity) : betweenCategories(index, a, b);
  if (a.source === b.source) categories.add('same-source');
  return categories;
}

interface Tally {
  linked: number;
  falsePairs: number;
  truePairs: number;
  overlays: number;
}

function groupBy(ids: Iterable<string>, key: (id: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const group = groups.get(key(id)) ?? [];
    group.push(id);
    groups.set(key(id), group);
  }
  return groups;
}

/** Every pair of a group of records, with its categories. */
function* pairsOf(index: PopulationIndex, ids: readonly string[]) {
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = index.records.get(ids[i] as string) as TaggedRecord;
      const b = index.records.get(ids[j] as string) as TaggedRecord;
      yield { same: a.entity === b.entity, categories: pairCategories(index, a, b) };
    }
  }
}

/** Per-category precision, recall and overlays of the predicted clusters over tagged records. */
export function categoryMetrics(index: PopulationIndex, predicted: Clustering): CategoryRow[] {
  const tallies = new Map<PairCategory, Tally>(
    PAIR_CATEGORIES.map((c) => [c, { linked: 0, falsePairs: 0, truePairs: 0, overlays: 0 }]),
  );
  const ids = [...index.records.keys()];
  const clusters = groupBy(ids, (id) => predicted.get(id) ?? `\u0000unlinked:${id}`);
  for (const members of clusters.values()) {
    const overlaid = new Set<PairCategory>();
    for (const { same, categories } of pairsOf(index, members)) {
      for (const category of categories) {
        const tally = tallies.get(category) as Tally;
        tally.linked++;
        if (!same) {
          tally.falsePairs++;
          overlaid.add(category);
        }
      }
    }
    for (const category of overlaid) (tallies.get(category) as Tally).overlays++;
  }
  const entities = groupBy(ids, (id) => (index.records.get(id) as TaggedRecord).entity);
  for (const members of entities.values()) {
    for (const { categories } of pairsOf(index, members)) {
      for (const category of categories) (tallies.get(category) as Tally).truePairs++;
    }
  }
  return PAIR_CATEGORIES.map((category) => toRow(category, tallies.get(category) as Tally));
}

function toRow(category: PairCategory, t: Tally): CategoryRow {
  const correct = t.linked - t.falsePairs;
  return {
    category,
    linkedPairs: t.linked,
    falsePairs: t.falsePairs,
    precision: t.linked === 0 ? 1 : correct / t.linked,
    truePairs: t.truePairs,
    recall: t.truePairs === 0 ? 1 : correct / t.truePairs,
    overlays: t.overlays,
  };
}
