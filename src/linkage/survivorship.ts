import { Demographics } from '../records/demographics';

/**
 * Survivorship: which value of a person's linked records becomes the golden value, field by
 * field. Each field has an ordered list of strategies; each strategy narrows the candidate
 * values, and the first that leaves one value decides. A steward's pin beats them all.
 */
export type SurvivorshipStrategy =
  'source-trust' | 'most-recent' | 'most-frequent' | 'most-complete';
export type GoldenField = keyof Demographics;

export const GOLDEN_FIELDS: GoldenField[] = [
  'givenName',
  'middleName',
  'familyName',
  'suffix',
  'birthDate',
  'sex',
  'addressLine',
  'city',
  'state',
  'postalCode',
  'mothersMaidenName',
  'multipleBirth',
];

export interface SurvivorshipRules {
  /** Sources in trust order, most trusted first; unlisted sources rank after them. */
  sourceTrust: string[];
  fields: Record<GoldenField, SurvivorshipStrategy[]>;
}

const DEFAULT_ORDER: SurvivorshipStrategy[] = [
  'source-trust',
  'most-frequent',
  'most-complete',
  'most-recent',
];
/** An address moves as one unit and the newest one is the one to write to. */
const ADDRESS_ORDER: SurvivorshipStrategy[] = ['most-recent', 'source-trust', 'most-complete'];

export function defaultSurvivorshipRules(sourceTrust: string[] = []): SurvivorshipRules {
  const fields = Object.fromEntries(GOLDEN_FIELDS.map((f) => [f, DEFAULT_ORDER])) as Record<
    GoldenField,
    SurvivorshipStrategy[]
  >;
  for (const f of ['addressLine', 'city', 'state', 'postalCode'] as const)
    fields[f] = ADDRESS_ORDER;
  return { sourceTrust, fields };
}

export interface Contributor {
  recordId: string;
  source: string;
  changedAt: string;
  demographics: Demographics;
}

export type GoldenValue = Demographics[GoldenField];

export interface GoldenFieldValue {
  value: GoldenValue;
  recordId: string | null;
  source: string | null;
  strategy: SurvivorshipStrategy | 'pinned' | 'only-value';
}

export type GoldenRecord = Partial<Record<GoldenField, GoldenFieldValue>>;
export type Pins = Partial<Record<GoldenField, GoldenValue>>;

interface Offer {
  value: NonNullable<GoldenValue>;
  contributor: Contributor;
}

type Narrow = (offers: Offer[], rules: SurvivorshipRules) => Offer[];

const keepBest = (offers: Offer[], score: (o: Offer) => number): Offer[] => {
  const best = Math.max(...offers.map(score));
  return offers.filter((o) => score(o) === best);
};

const NARROWERS: Record<SurvivorshipStrategy, Narrow> = {
  'source-trust': (offers, rules) =>
    keepBest(offers, (o) => {
      const rank = rules.sourceTrust.indexOf(o.contributor.source);
      return rank === -1 ? -rules.sourceTrust.length : -rank;
    }),
  'most-recent': (offers) => keepBest(offers, (o) => Date.parse(o.contributor.changedAt)),
  'most-frequent': (offers) => {
    const counts = new Map<string, number>();
    for (const o of offers) counts.set(String(o.value), (counts.get(String(o.value)) ?? 0) + 1);
    return keepBest(offers, (o) => counts.get(String(o.value)) ?? 0);
  },
  'most-complete': (offers) => keepBest(offers, (o) => String(o.value).length),
};

function distinctValues(offers: Offer[]): number {
  return new Set(offers.map((o) => String(o.value))).size;
}

function chooseField(
  field: GoldenField,
  contributors: Contributor[],
  rules: SurvivorshipRules,
): GoldenFieldValue | undefined {
  let offers: Offer[] = contributors.flatMap((c) => {
    const value = c.demographics[field];
    return value === null || value === undefined || value === '' ? [] : [{ value, contributor: c }];
  });
  if (offers.length === 0) return undefined;
  const provenance = (o: Offer, strategy: GoldenFieldValue['strategy']): GoldenFieldValue => ({
    value: o.value,
    recordId: o.contributor.recordId,
    source: o.contributor.source,
    strategy,
  });
  if (distinctValues(offers) === 1) return provenance(newest(offers), 'only-value');
  for (const strategy of rules.fields[field]) {
    offers = NARROWERS[strategy](offers, rules);
    if (distinctValues(offers) === 1) return provenance(newest(offers), strategy);
  }
  // Still tied: the lowest record id keeps the choice stable from one recompute to the next.
  const stable = [...offers].sort((a, b) =>
    a.contributor.recordId.localeCompare(b.contributor.recordId),
  )[0];
  return stable ? provenance(stable, rules.fields[field].at(-1) ?? 'most-recent') : undefined;
}

function newest(offers: Offer[]): Offer {
  return offers.reduce((a, b) =>
    Date.parse(b.contributor.changedAt) > Date.parse(a.contributor.changedAt) ? b : a,
  );
}

export function computeGoldenRecord(
  contributors: Contributor[],
  rules: SurvivorshipRules,
  pins: Pins = {},
): GoldenRecord {
  const golden: GoldenRecord = {};
  for (const field of GOLDEN_FIELDS) {
    const pinned = pins[field];
    const chosen =
      pinned !== undefined && pinned !== null
        ? { value: pinned, recordId: null, source: null, strategy: 'pinned' as const }
        : chooseField(field, contributors, rules);
    if (chosen) golden[field] = chosen;
  }
  return golden;
}
