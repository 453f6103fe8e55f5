import { SyntheticSource } from '../synthetic-sources';
import { FamilyPerson } from './family-person';

/** The fields of a registration the noise and the sources' habits act on. */
export interface RecordFields {
  given?: string;
  middle?: string;
  family?: string;
  suffix?: string;
  birthDate?: string;
  sex?: string;
  ssn?: string;
  phone?: string;
  email?: string;
  addressLine?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  mothersMaidenName?: string;
  multipleBirth?: string;
}

/** One registration of a person at a source, before its MRN is handed out. */
export interface FamilyRecord {
  readonly person: FamilyPerson;
  readonly source: SyntheticSource;
  readonly date: string;
  readonly fields: RecordFields;
  /** The referring facility's record whose MRN this one carries (lab and pharmacy orders). */
  referral?: FamilyRecord;
  readonly tags: Set<string>;
  mrn?: string;
}
