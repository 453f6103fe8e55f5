/**
 * Look-up tables of the pseudopeople noise types, from the published lists pseudopeople uses:
 * OCR confusions from GeCo (Tran, Vatsalan, Christen, CIKM 2013), fake names from NORC's 2011
 * assessment of the Census Person Identification Validation System. Phonetic errors are a short
 * table of common English sound-alike spellings in GeCo's style (GeCo's own has 356 rules).
 */

/** [read as, written] pairs: `m` is misread as `rn`, `5` as `S`. */
export const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['5', 'S'],
  ['2', 'Z'],
  ['6', 'G'],
  ['g', '9'],
  ['q', '9'],
  ['B', '8'],
  ['A', '4'],
  ['0', 'O'],
  ['m', 'n'],
  ['u', 'v'],
  ['D', 'O'],
  ['Q', 'O'],
  ['F', 'P'],
  ['E', 'F'],
  ['l', '1'],
  ['j', 'i'],
  ['g', 'q'],
  ['h', 'b'],
  ['l', 'I'],
  ['cl', 'd'],
  ['w', 'vv'],
  ['ri', 'n'],
  ['k', 'lc'],
  ['m', 'rn'],
  ['1', 'l'],
  ['8', 'B'],
];

/** [spelling, sounds the same as] pairs, lower case, as pseudopeople matches them. */
export const PHONETIC_VARIANTS: readonly (readonly [string, string])[] = [
  ['ph', 'f'],
  ['f', 'ph'],
  ['ck', 'k'],
  ['c', 'k'],
  ['k', 'c'],
  ['s', 'z'],
  ['z', 's'],
  ['ee', 'ea'],
  ['ea', 'ee'],
  ['ie', 'y'],
  ['y', 'ie'],
  ['i', 'y'],
  ['ey', 'y'],
  ['th', 't'],
  ['gh', ''],
  ['wr', 'r'],
  ['kn', 'n'],
  ['mb', 'm'],
  ['x', 'ks'],
  ['qu', 'kw'],
  ['ou', 'ow'],
  ['er', 'a'],
  ['ll', 'l'],
  ['nn', 'n'],
  ['tt', 't'],
  ['ss', 's'],
];

/** From the NORC list pseudopeople draws fake names from. */
export const FAKE_FIRST_NAMES: readonly string[] = [
  'Baby',
  'Boy',
  'Girl',
  'Mom',
  'Mother',
  'Dad',
  'Father',
  'Child',
  'Son',
  'Daughter',
  'Hijo',
  'Hija',
  'Minor',
  'Adult',
  'Person',
  'Resident',
  'Mr',
  'Mrs',
  'Ms',
  'Wife',
  'Husband',
];

export const FAKE_LAST_NAMES: readonly string[] = [
  'Unknown',
  'Doe',
  'Refuse',
  'Declined',
  'Anonymous',
  'Household',
  'Resident',
  'Occupant',
  'None',
  'No Last Name',
  'Dont Know',
  'Unk',
  'Xxx',
  'Person',
  'Parent',
];
