import { RelationKind } from '../../matching/evaluate/population-tags';

/** Where a household lives from a date on; a move adds the next one. */
export interface FamilyAddress {
  readonly from: string;
  readonly line: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

/** One shared household: address history and the landline, if it has one. */
export interface FamilyHousehold {
  readonly id: string;
  readonly addresses: readonly FamilyAddress[];
  readonly landline?: string;
  readonly groupQuarters: boolean;
}

/** The truth about one person of the families population; registrations are noisy views of it. */
export interface FamilyPerson {
  readonly entityId: string;
  readonly household: FamilyHousehold;
  readonly sex: 'male' | 'female';
  given: string;
  middle?: string;
  /** Family name as of the census date. */
  family: string;
  /** Surname at birth, for a married woman (the seed gives spouses one surname). */
  birthFamily?: string;
  /** Family name before a marriage inside the registration window, and its date. */
  before?: { readonly family: string; readonly until: string };
  suffix?: 'Jr' | 'Sr';
  readonly birthDate: string;
  ssn?: string;
  mothersMaidenName?: string;
  multipleBirth?: number;
  mobile?: string;
  email?: string;
  /** Guardians' entity ids (parents, for a child). */
  readonly guardians: string[];
  readonly relations: { kind: RelationKind; entity: string }[];
  /** What the person is: `twin`, `same-initial`, `generational`, `married-name`... */
  readonly traits: Set<string>;
}

export function relate(a: FamilyPerson, kind: RelationKind, b: FamilyPerson): void {
  if (!a.relations.some((r) => r.kind === kind && r.entity === b.entityId)) {
    a.relations.push({ kind, entity: b.entityId });
  }
}

export function ageOn(person: FamilyPerson, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(person.birthDate.slice(0, 4));
  return date.slice(5) < person.birthDate.slice(5) ? years - 1 : years;
}
