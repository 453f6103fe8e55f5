import { LabelledRow } from './labelled-row';
import { Random, seededRandom } from './seeded-random';
import { DEFAULT_NICKNAME_PAIRS } from './synthetic-name-pools';
import { BUILT_IN_NAMES, frequencyNames, NameFrequencies } from './synthetic-name-source';
import { PeopleContext, PersonRates, TruePerson } from './synthetic-people';
import {
  NicknameIndex,
  register,
  Registration,
  RegistrationRates,
  SyntheticErrorKind,
} from './synthetic-registrations';
import { SOURCE_PROFILES, SYNTHETIC_SOURCES, SyntheticSource } from './synthetic-sources';
import { nextUnit } from './synthetic-units';

/**
 * Chances of each realistic registration problem. Per unit: twins, juniorSenior (share of
 * households that are twin pairs / father-son pairs); consecutiveSsnTwins (share of twin pairs
 * with consecutive SSNs). Per person: compoundSurname, marriedNameChange (adult women), move.
 * Per registration: everything else; sameSourceDuplicate applies to each registration after a
 * person's first.
 */
export interface SyntheticRates extends PersonRates, RegistrationRates {
  readonly sameSourceDuplicate: number;
}

export interface SyntheticOptions {
  /** Distinct people (entities), twins and Sr/Jr included. */
  readonly people: number;
  readonly seed: number | string;
  /** Weights of having 1, 2, 3, ... registrations. */
  readonly recordsPerPerson: readonly number[];
  readonly sources: readonly SyntheticSource[];
  readonly rates: SyntheticRates;
  /** `[formal, nickname]` pairs, e.g. read from data/reference/nicknames/names.csv. */
  readonly nicknames: readonly (readonly [string, string])[];
  /**
   * Name frequency tables (`readNameFrequencies`, e.g. data/reference/us-names) to draw names
   * from as often as people carry them; without, the small built-in lists, uniformly.
   */
  readonly names?: NameFrequencies;
  /** People per shuffle window: output order is random within it, memory bounded by it. */
  readonly chunkSize: number;
}

export type SyntheticOptionsInput = Partial<Omit<SyntheticOptions, 'rates'>> & {
  rates?: Partial<SyntheticRates>;
};

export const DEFAULT_SYNTHETIC_RATES: SyntheticRates = {
  twins: 0.02,
  // Before SSNs were randomized (2011), twins enumerated at birth were often numbered in
  // sequence; many of today's patients were born then.
  consecutiveSsnTwins: 0.4,
  juniorSenior: 0.02,
  compoundSurname: 0.08,
  marriedNameChange: 0.35,
  move: 0.25,
  typo: 0.15,
  nickname: 0.12,
  dayMonthSwap: 0.03,
  birthDateTypo: 0.02,
  ssnMissing: 0.15,
  ssnPlaceholder: 0.03,
  ssnTypo: 0.03,
  missingField: 0.08,
  compoundVariant: 0.4,
  sameSourceDuplicate: 0.15,
};

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticOptions = {
  people: 1000,
  seed: 1,
  recordsPerPerson: [0.35, 0.3, 0.18, 0.1, 0.05, 0.02],
  sources: SYNTHETIC_SOURCES,
  rates: DEFAULT_SYNTHETIC_RATES,
  nicknames: DEFAULT_NICKNAME_PAIRS,
  chunkSize: 5000,
};

export interface SyntheticRow {
  readonly row: LabelledRow;
  readonly errors: readonly SyntheticErrorKind[];
  /** The person the row registers, as they really are. */
  readonly person: TruePerson;
  /** The day of this registration, and of the person's first and newest ones. */
  readonly date: string;
  readonly seen: Seen;
}

/** The days of a person's first and newest registrations. */
export interface Seen {
  readonly first: string;
  readonly last: string;
}

export function resolveSyntheticOptions(input: SyntheticOptionsInput = {}): SyntheticOptions {
  const options: SyntheticOptions = {
    ...DEFAULT_SYNTHETIC_OPTIONS,
    ...input,
    rates: { ...DEFAULT_SYNTHETIC_RATES, ...input.rates },
  };
  if (!Number.isInteger(options.people) || options.people < 0) {
    throw new Error('synthetic: people must be a whole number >= 0');
  }
  if (!Number.isInteger(options.chunkSize) || options.chunkSize < 2) {
    throw new Error('synthetic: chunkSize must be a whole number >= 2');
  }
  if (!options.recordsPerPerson.some((w) => w > 0) || options.recordsPerPerson.some((w) => w < 0)) {
    throw new Error('synthetic: recordsPerPerson needs non-negative weights, one above 0');
  }
  const unknown = options.sources.filter(
    (s) => !(SYNTHETIC_SOURCES as readonly string[]).includes(s),
  );
  if (options.sources.length === 0 || unknown.length > 0) {
    throw new Error(`synthetic: sources must be some of ${SYNTHETIC_SOURCES.join(', ')}`);
  }
  for (const [name, rate] of Object.entries(options.rates)) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`synthetic: rate ${name} must be in 0..1`);
  }
  return options;
}

/** Formal name -> short forms, both lower case, from `[formal, nickname]` pairs. */
export function nicknameIndex(pairs: readonly (readonly [string, string])[]): NicknameIndex {
  const index = new Map<string, string[]>();
  for (const [formal, nickname] of pairs) {
    const key = formal.trim().toLowerCase();
    const value = nickname.trim().toLowerCase();
    if (!key || !value || key === value) continue;
    const list = index.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    index.set(key, list);
  }
  return index;
}

/** Which sources a person registers at; a repeat of a source is a same-source duplicate. */
function sourcesFor(count: number, options: SyntheticOptions, random: Random) {
  const chosen: { source: SyntheticSource; sameSource: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const used = chosen.map((c) => c.source);
    const unused = options.sources.filter((s) => !used.includes(s));
    const repeat =
      i > 0 && (unused.length === 0 || random.chance(options.rates.sameSourceDuplicate));
    const source = random.pick(repeat ? used : unused);
    chosen.push({ source, sameSource: repeat });
  }
  return chosen;
}

function registrationsOf(
  person: TruePerson,
  options: SyntheticOptions,
  nicknames: NicknameIndex,
  random: Random,
): Registration[] {
  const count = random.weighted(options.recordsPerPerson) + 1;
  return sourcesFor(count, options, random).map(({ source, sameSource }) =>
    register({
      person,
      profile: SOURCE_PROFILES[source],
      sameSource,
      rates: options.rates,
      nicknames,
      random,
    }),
  );
}

/** MRNs are handed out in output order, so the ids say nothing about who is who. */
function mrnAssigner(random: Random): (source: SyntheticSource) => string {
  const next = new Map<SyntheticSource, number>();
  return (source) => {
    const current = next.get(source) ?? random.between(10_000, 99_999);
    next.set(source, current + 1 + random.int(3));
    return SOURCE_PROFILES[source].mrn(current);
  };
}

type Drawn = Registration & { person: TruePerson };

/** Each person's first and newest registration days. */
function seenOf(window: readonly Drawn[]): Map<TruePerson, Seen> {
  const seen = new Map<TruePerson, Seen>();
  for (const { person, date } of window) {
    const known = seen.get(person);
    seen.set(person, {
      first: known && known.first < date ? known.first : date,
      last: known && known.last > date ? known.last : date,
    });
  }
  return seen;
}

/**
 * A window's registrations in the order they happened (a feed delivers them so, and a CSV
 * import takes the order for time); a shuffle first, so one day's rows come in no set order.
 */
function inTimeOrder(window: readonly Drawn[], random: Random): Drawn[] {
  return random.shuffled(window).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * A reproducible labelled synthetic population: the same options (seed included) give the
 * same rows in the same order. Rows are yielded window by window (`chunkSize` people), each
 * window in the order its registrations happened, so memory stays flat for any population
 * size and a person's newer registrations come after older ones.
 */
export function* generateSyntheticPatients(
  input: SyntheticOptionsInput = {},
): Generator<SyntheticRow> {
  const options = resolveSyntheticOptions(input);
  const nicknames = nicknameIndex(options.nicknames);
  const peopleRandom = seededRandom(`${options.seed}:people`);
  const recordRandom = seededRandom(`${options.seed}:records`);
  const orderRandom = seededRandom(`${options.seed}:order`);
  const mrn = mrnAssigner(orderRandom);
  let made = 0;
  const context: PeopleContext = {
    random: peopleRandom,
    rates: options.rates,
    names: options.names ? frequencyNames(options.names) : BUILT_IN_NAMES,
    nextEntityId: () => `syn-${String(++made).padStart(7, '0')}`,
    usedSsns: new Set(),
  };
  while (made < options.people) {
    const window: Drawn[] = [];
    const windowEnd = Math.min(options.people, made + options.chunkSize);
    while (made < windowEnd) {
      for (const person of nextUnit(context, windowEnd - made)) {
        const registrations = registrationsOf(person, options, nicknames, recordRandom);
        window.push(...registrations.map((r) => ({ ...r, person })));
      }
    }
    const seen = seenOf(window);
    for (const { row, errors, person, date } of inTimeOrder(window, orderRandom)) {
      const source_id = mrn(row.source as SyntheticSource);
      yield { row: { ...row, source_id }, errors, person, date, seen: seen.get(person) as Seen };
    }
  }
}
