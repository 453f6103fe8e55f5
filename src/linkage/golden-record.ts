import { Demographics } from '../formats/demographics';
import { NicknameTable, emptyNicknameTable } from '../matching/normalize/nickname-table';
import { NameFrequency } from './best-form';

/**
 * The golden record's values and what survivorship reads to choose them: shared by
 * survivorship.ts and the files it delegates to, so none of them imports another in a circle.
 */

/**
 * How a value won: `most-frequent` (its cluster had the most registrations), `source-trust`
 * or `most-recent` (they broke a tie; for a value that changes, the newest registration
 * speaking for the person chose it). `most-complete` is chosen no more (completeness now
 * picks a cluster's form and is said in the reason); golden versions saved before carry it.
 */
export type SurvivorshipStrategy =
  'source-trust' | 'most-recent' | 'most-frequent' | 'most-complete';
/** The fields of a golden record: a record's demographics but the registered spellings. */
export type GoldenField = Exclude<keyof Demographics, 'registered'>;

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
}

export function defaultSurvivorshipRules(sourceTrust: string[] = []): SurvivorshipRules {
  return { sourceTrust };
}

/** What survivorship knows about names beyond the records: the engine's reference data. */
export interface SurvivorshipContext {
  nicknames: NicknameTable;
  givenFrequency: NameFrequency;
  familyFrequency: NameFrequency;
}

export const NO_REFERENCE_DATA: SurvivorshipContext = {
  nicknames: emptyNicknameTable(),
  givenFrequency: () => 0,
  familyFrequency: () => 0,
};

export interface Contributor {
  recordId: string;
  source: string;
  /** When the record was last written here. */
  changedAt: string;
  /** When the source says the registration happened (FHIR meta.lastUpdated, receipt time). */
  eventAt?: string;
  demographics: Demographics;
}

/** The given and family names of these contributors, whose counts survivorship reads. */
export function contributorNames(contributors: readonly Contributor[]): {
  given: string[];
  family: string[];
} {
  return {
    given: contributors.flatMap((c) => c.demographics.givenName ?? []),
    family: contributors.flatMap((c) => c.demographics.familyName ?? []),
  };
}

export type GoldenValue = Demographics[GoldenField];

export interface GoldenFieldValue {
  value: GoldenValue;
  recordId: string | null;
  source: string | null;
  strategy: SurvivorshipStrategy | 'pinned' | 'only-value';
  /** Why this value won, for stewards: "3 of 4 registrations; formal name of 'bill'". */
  reason?: string;
}

export type GoldenRecord = Partial<Record<GoldenField, GoldenFieldValue>>;
export type Pins = Partial<Record<GoldenField, GoldenValue>>;
