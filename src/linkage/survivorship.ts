import { Preference, nameFrequency } from './best-form';
import { ADDRESS_FIELDS, addressUnit } from './address-unit';
import { Speakers, newestCluster } from './changing-values';
import {
  Offer,
  eventTime,
  formRichness,
  offersOf,
  preferredOffer,
  trustRank,
} from './golden-offers';
import { FieldPolicy, PersonField, policiesOf } from './field-policies';
import { clusterBy } from './value-clusters';
import {
  Contributor,
  GOLDEN_FIELDS,
  GoldenFieldValue,
  GoldenRecord,
  GoldenValue,
  NO_REFERENCE_DATA,
  Pins,
  SurvivorshipContext,
  SurvivorshipRules,
  SurvivorshipStrategy,
} from './golden-record';

/**
 * Survivorship: which value of a person's linked records becomes the golden value.
 *
 * Person-level fields that never change (given name, birth date, sex, ...) are voted on by
 * meaning: values the comparisons call the same (a nickname, a typo, a date one part off)
 * vote together as one cluster, the largest cluster wins, and source trust, then the newest
 * registration, break a real tie. The family name changes over a life (marriage): the
 * cluster of the newest registration that agrees with the person's given name and birth date
 * wins (changing-values.ts). The winner is written in its best form (best-form.ts): the
 * formal name over a nickname, more parts over fewer, the spelling most registrations used,
 * the common spelling over a rare one, the date most registrations agree with part by part
 * (field-policies.ts says which field is compared and preferred how). Placeholders never
 * survive. The address moves as one unit, from the registration the source says is newest.
 * A steward's pin beats them all. Every value says why it won.
 */
type ClusterDecision =
  'votes' | 'known-name' | 'source-trust' | 'most-recent' | 'record-id' | 'newest-speaker';

/**
 * Largest cluster; between clusters of one size, one holding a name people carry over one of
 * rare spellings only (two typos are no rival to a name), then the most trusted, then the
 * newest.
 */
function winningCluster(
  clusters: Offer[][],
  policy: FieldPolicy,
  rules: SurvivorshipRules,
): { cluster: Offer[]; decidedBy: ClusterDecision } {
  const frequency = policy.frequency ?? ((): number => 0);
  const ids = clusters.flatMap((c) => c.map((o) => o.contributor.recordId)).sort();
  const keys = (cluster: Offer[]): [ClusterDecision, number][] => {
    const best = preferredOffer(cluster, rules)?.contributor;
    const newest = Math.max(...cluster.map((o) => eventTime(o.contributor)));
    const first = cluster.map((o) => o.contributor.recordId).sort()[0] ?? '';
    return [
      ['votes', -cluster.length],
      ['known-name', cluster.some((o) => frequency(o.folded) > 0) ? 0 : 1],
      ['source-trust', best ? trustRank(rules, best.source) : 0],
      ['most-recent', -newest],
      ['record-id', ids.indexOf(first)],
    ];
  };
  const ranked = clusters
    .map((cluster) => ({ cluster, keys: keys(cluster) }))
    .sort((a, b) => a.keys.reduce((d, [, v], i) => d || v - (b.keys[i]?.[1] ?? 0), 0));
  const [winner, runnerUp] = ranked;
  const decidedBy =
    runnerUp === undefined
      ? 'votes'
      : (winner?.keys.find(([, v], i) => v !== runnerUp.keys[i]?.[1])?.[0] ?? 'record-id');
  return { cluster: winner?.cluster ?? [], decidedBy };
}

const STRATEGY_OF: Record<ClusterDecision, SurvivorshipStrategy> = {
  'newest-speaker': 'most-recent',
  votes: 'most-frequent',
  'known-name': 'most-frequent',
  'source-trust': 'source-trust',
  'most-recent': 'most-recent',
  'record-id': 'most-frequent',
};

const TIE_NOTE: Record<ClusterDecision, string | undefined> = {
  'newest-speaker':
    'the newest registration agreeing with given name and birth date (a name that changes)',
  votes: undefined,
  'known-name': 'a tie, broken by a name people carry over a rare spelling',
  'source-trust': 'a tie, broken by source trust',
  'most-recent': 'a tie, broken by the newest registration',
  'record-id': 'a tie, kept stable by record order',
};

/** The best form inside the winning cluster, with what each preference decided. */
function bestForm(cluster: Offer[], prefer: Preference[]): { folded: string; notes: string[] } {
  const votes = cluster.map((o) => o.folded);
  let candidates = [...new Set(votes)];
  const notes: string[] = [];
  for (const preference of prefer) {
    if (candidates.length === 1) break;
    const narrowed = preference(candidates, votes);
    candidates = narrowed.kept;
    if (narrowed.note) notes.push(narrowed.note);
  }
  return { folded: candidates[0] ?? '', notes };
}

/** The offer that supplies a spelling: the richest form, then trust, newest, record id. */
function supplierOf(offers: Offer[], rules: SurvivorshipRules): Offer | undefined {
  const richest = Math.max(...offers.map((o) => formRichness(o.value)));
  return preferredOffer(
    offers.filter((o) => formRichness(o.value) === richest),
    rules,
  );
}

function provenance(
  chosen: Offer,
  strategy: GoldenFieldValue['strategy'],
  notes: (string | undefined)[],
): GoldenFieldValue {
  return {
    value: chosen.value,
    recordId: chosen.contributor.recordId,
    source: chosen.contributor.source,
    strategy,
    reason: notes.filter((n) => n !== undefined).join('; '),
  };
}

/** Every registration agrees (the common case): no vote to hold. */
function agreedField(
  offers: Offer[],
  rules: SurvivorshipRules,
  reading?: string,
): GoldenFieldValue | undefined {
  const chosen = supplierOf(offers, rules);
  const count =
    offers.length === 1
      ? 'the only registration with a value'
      : `all ${offers.length} registrations agree`;
  return chosen && provenance(chosen, 'only-value', [count, reading]);
}

/**
 * The winning cluster: for a value that changes, the newest speaking registration's when the
 * registrations hold more than one value by meaning; else the vote.
 */
function decide(
  clusters: Offer[][],
  policy: FieldPolicy,
  rules: SurvivorshipRules,
  speakers: Speakers | undefined,
): { cluster: Offer[]; decidedBy: ClusterDecision } {
  const newest =
    policy.changes && speakers && clusters.length > 1
      ? newestCluster(clusters, speakers, rules)
      : undefined;
  return newest
    ? { cluster: newest, decidedBy: 'newest-speaker' }
    : winningCluster(clusters, policy, rules);
}

function votedField(
  registered: Offer[],
  policy: FieldPolicy,
  rules: SurvivorshipRules,
  speakers?: Speakers,
): GoldenFieldValue | undefined {
  const { offers, readAs } = policy.read
    ? policy.read(registered)
    : { offers: registered, readAs: new Map<string, string>() };
  const reading = (folded: string): string | undefined => {
    const typo = readAs.get(folded);
    return typo && `'${typo}' read as '${folded}', a known name a typo away`;
  };
  if (offers.every((o) => o.folded === offers[0]?.folded)) {
    return agreedField(offers, rules, reading(offers[0]?.folded ?? ''));
  }
  const clusters = clusterBy(offers, (o) => o.folded, policy.same);
  const { cluster, decidedBy } = decide(clusters, policy, rules, speakers);
  const form = bestForm(cluster, policy.prefer);
  const chosen = supplierOf(
    cluster.filter((o) => o.folded === form.folded),
    rules,
  );
  const count = `${cluster.length} of ${offers.length} registrations`;
  return (
    chosen &&
    provenance(chosen, STRATEGY_OF[decidedBy], [
      count,
      TIE_NOTE[decidedBy],
      reading(form.folded),
      ...form.notes,
    ])
  );
}

function pinned(value: NonNullable<GoldenValue>): GoldenFieldValue {
  return { value, recordId: null, source: null, strategy: 'pinned', reason: 'pinned by a steward' };
}

const PERSON_FIELDS = GOLDEN_FIELDS.filter(
  (f): f is PersonField => !(ADDRESS_FIELDS as readonly string[]).includes(f),
);

/**
 * The golden record of a person's registrations. Values that never change are decided first:
 * the given name and birth date say which registrations speak for the person when a value
 * that changes (the family name) follows the newest of them.
 */
export function computeGoldenRecord(
  contributors: Contributor[],
  rules: SurvivorshipRules,
  pins: Pins = {},
  context: SurvivorshipContext = NO_REFERENCE_DATA,
): GoldenRecord {
  const golden: GoldenRecord = addressUnit(contributors, rules);
  const fieldPolicies = policiesOf(context);
  const speakers: Speakers = {
    golden,
    sameGiven: fieldPolicies.givenName.same,
    sameBirthDate: fieldPolicies.birthDate.same,
    givenFrequency: nameFrequency(context.givenFrequency),
    familyFrequency: nameFrequency(context.familyFrequency),
  };
  const fixedFirst = [...PERSON_FIELDS].sort(
    (a, b) => Number(fieldPolicies[a].changes === true) - Number(fieldPolicies[b].changes === true),
  );
  for (const field of [...ADDRESS_FIELDS, ...fixedFirst]) {
    const pin = pins[field];
    if (pin !== undefined && pin !== null) golden[field] = pinned(pin);
    else if (field in fieldPolicies) {
      const offers = offersOf(field, contributors);
      const policy = fieldPolicies[field as PersonField];
      const chosen = offers.length === 0 ? undefined : votedField(offers, policy, rules, speakers);
      if (chosen) golden[field] = chosen;
    }
  }
  return orderedAs(golden);
}

/** Fields in GOLDEN_FIELDS order, so a stored golden record reads the same as before. */
function orderedAs(golden: GoldenRecord): GoldenRecord {
  const ordered: GoldenRecord = {};
  for (const field of GOLDEN_FIELDS) if (golden[field]) ordered[field] = golden[field];
  return ordered;
}
