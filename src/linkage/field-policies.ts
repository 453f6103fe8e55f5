import {
  commonSpelling,
  datePartAgreement,
  formalName,
  mostParts,
  mostRegistered,
  nameFrequency,
  NameFrequency,
  partAgreement,
  Preference,
} from './best-form';
import type { AddressField } from './address-unit';
import { ReadTypos, readTypos } from './typo-reading';
import type { GoldenField, SurvivorshipContext } from './golden-record';
import {
  Sameness,
  birthDateSameness,
  exactSameness,
  familyNameSameness,
  personNameSameness,
} from './value-clusters';

/**
 * How each person-level field is decided: which values are the same by meaning, which form of
 * the winner is best, and whether the value changes over a life (the newest registration
 * speaking for the person decides) or never does (the registrations vote).
 */
export type PersonField = Exclude<GoldenField, AddressField>;

export interface FieldPolicy {
  same: Sameness;
  prefer: Preference[];
  /** How common a name is: between clusters of one size, a name people carry beats a rare one. */
  frequency?: NameFrequency;
  /** The value changes over a life: the newest registration speaking for the person decides. */
  changes?: boolean;
  /** Typos read as the known name the other registrations back, before the vote. */
  read?: ReadTypos;
}

function policies(context: SurvivorshipContext): Record<PersonField, FieldPolicy> {
  const given = personNameSameness(context.nicknames);
  const formal = formalName(context.nicknames, context.givenFrequency);
  const commonGiven = commonSpelling(context.givenFrequency);
  const commonFamily = commonSpelling(context.familyFrequency);
  const givenName: FieldPolicy = {
    same: given,
    prefer: [formal, mostParts, mostRegistered, commonGiven],
    frequency: nameFrequency(context.givenFrequency),
    read: readTypos(context.nicknames, context.givenFrequency),
  };
  const familyName: FieldPolicy = {
    same: familyNameSameness,
    prefer: [mostParts, partAgreement, mostRegistered, commonFamily],
    frequency: nameFrequency(context.familyFrequency),
  };
  return {
    givenName,
    middleName: { ...givenName, prefer: [mostParts, formal, mostRegistered, commonGiven] },
    familyName: { ...familyName, changes: true },
    // The mother's name before her marriage: it never changes.
    mothersMaidenName: familyName,
    birthDate: { same: birthDateSameness, prefer: [datePartAgreement, mostRegistered] },
    suffix: { same: exactSameness, prefer: [] },
    sex: { same: exactSameness, prefer: [] },
    multipleBirth: { same: exactSameness, prefer: [] },
  };
}

/** Policies are closures over the context: built once per context, not per golden record. */
const POLICIES = new WeakMap<SurvivorshipContext, Record<PersonField, FieldPolicy>>();

export function policiesOf(context: SurvivorshipContext): Record<PersonField, FieldPolicy> {
  const cached = POLICIES.get(context);
  if (cached) return cached;
  const built = policies(context);
  POLICIES.set(context, built);
  return built;
}
