/**
 * The source systems of the synthetic population. Each has its own MRN format and its own
 * habits (which fields it collects, letter case, abbreviations, phone and SSN punctuation), as
 * real registration systems do; the differences are formatting, not errors.
 */
export const SYNTHETIC_SOURCES = ['hospital', 'clinic', 'lab', 'payer', 'pharmacy'] as const;
export type SyntheticSource = (typeof SYNTHETIC_SOURCES)[number];

export type PhoneStyle = 'dashed' | 'parens' | 'digits';

export interface SourceProfile {
  readonly name: SyntheticSource;
  readonly mrn: (sequence: number) => string;
  /** Chance that the source records each optional field at all (when the person has it). */
  readonly collects: {
    readonly ssn: number;
    readonly middle: number;
    readonly phone: number;
    readonly email: number;
    readonly address: number;
    readonly mothersMaidenName: number;
    readonly multipleBirth: number;
    readonly suffix: number;
    readonly memberId: number;
  };
  readonly upperCase: boolean;
  readonly abbreviateStreet: boolean;
  readonly middleInitialOnly: boolean;
  readonly phoneStyle: PhoneStyle;
  readonly ssnDashes: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const SOURCE_PROFILES: Readonly<Record<SyntheticSource, SourceProfile>> = {
  hospital: {
    name: 'hospital',
    mrn: (n) => `H${pad(n, 7)}`,
    collects: {
      ssn: 0.85,
      middle: 0.9,
      phone: 0.95,
      email: 0.5,
      address: 1,
      mothersMaidenName: 0.7,
      multipleBirth: 0.8,
      suffix: 0.8,
      memberId: 0.6,
    },
    upperCase: false,
    abbreviateStreet: false,
    middleInitialOnly: false,
    phoneStyle: 'parens',
    ssnDashes: true,
  },
  clinic: {
    name: 'clinic',
    mrn: (n) => pad(n, 6),
    collects: {
      ssn: 0.6,
      middle: 0.5,
      phone: 0.95,
      email: 0.7,
      address: 0.95,
      mothersMaidenName: 0.2,
      multipleBirth: 0.4,
      suffix: 0.5,
      memberId: 0.3,
    },
    upperCase: false,
    abbreviateStreet: true,
    middleInitialOnly: true,
    phoneStyle: 'dashed',
    ssnDashes: false,
  },
  lab: {
    name: 'lab',
    mrn: (n) => `L${pad(n, 8)}`,
    collects: {
      ssn: 0.3,
      middle: 0.3,
      phone: 0.7,
      email: 0.1,
      address: 0.6,
      mothersMaidenName: 0,
      multipleBirth: 0.1,
      suffix: 0.3,
      memberId: 0.2,
    },
    upperCase: true,
    abbreviateStreet: true,
    middleInitialOnly: true,
    phoneStyle: 'digits',
    ssnDashes: false,
  },
  payer: {
    name: 'payer',
    mrn: (n) => `M${pad(n, 9)}`,
    collects: {
      ssn: 0.95,
      middle: 0.7,
      phone: 0.6,
      email: 0.3,
      address: 1,
      mothersMaidenName: 0,
      multipleBirth: 0,
      suffix: 0.9,
      memberId: 1,
    },
    upperCase: true,
    abbreviateStreet: true,
    middleInitialOnly: false,
    phoneStyle: 'digits',
    ssnDashes: true,
  },
  pharmacy: {
    name: 'pharmacy',
    mrn: (n) => `RX${pad(n, 7)}`,
    collects: {
      ssn: 0.1,
      middle: 0.2,
      phone: 0.98,
      email: 0.4,
      address: 0.8,
      mothersMaidenName: 0,
      multipleBirth: 0,
      suffix: 0.4,
      memberId: 0.5,
    },
    upperCase: false,
    abbreviateStreet: true,
    middleInitialOnly: true,
    phoneStyle: 'dashed',
    ssnDashes: false,
  },
};

/** A US 10-digit phone in the source's punctuation. */
export function formatPhone(digits: string, style: PhoneStyle): string {
  if (style === 'digits') return digits;
  const [area, exchange, line] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  return style === 'parens' ? `(${area}) ${exchange}-${line}` : `${area}-${exchange}-${line}`;
}
