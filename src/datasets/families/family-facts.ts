/**
 * Every rate the families population is built with, each from a published source (see
 * docs/families-population.md, which quotes them with their sources). Nothing here was chosen
 * to make a matcher pass; where no rate is published the constant says it is an assumption.
 */
export const FAMILY_FACTS = {
  /** Twin births per birth, 2021-2022 (NCHS, Births: Final Data for 2022, NVSR 73(2)). */
  twinBirths: 31.2 / 1000,
  /** Triplet-or-higher births per birth, 2023 (NCHS Data Brief 512). */
  tripletBirths: 73.8 / 100_000,
  /** Same-sex twin pairs (Rhea et al., Colorado 2006-08: MZ 22% -> same-sex 61%, derived). */
  twinsSameSex: 0.61,
  /** Twin names (Plank, Names 1964): 62% same initial, 17% similar sound or rhyme, 21% other. */
  twinNames: { sameInitial: 0.62, similarSound: 0.17, dissimilar: 0.21 },
  /** Newborn boys recorded "Jr." (Illinois vital statistics, Chicago Tribune 1994). */
  juniorBoys: 0.03,
  /** SSNs issued at random from 25 June 2011 (SSA); enumeration at birth from 1987 (POMS RM 10205.505). */
  ssnRandomFrom: '2011-06-25',
  enumerationAtBirthFrom: '1987-01-01',
  /** Women in opposite-sex marriages (Pew 2023): took husband's name 79%, kept 14%, hyphenated 5%. */
  marriedName: { took: 0.79, kept: 0.14, hyphenated: 0.05 },
  /** Marriages per person-year (NCHS 2022: 6.2 per 1,000 population; two people each). */
  marryingPerPersonYear: (2 * 6.2) / 1000,
  /** One-year mover rate (CPS ASEC 2020). */
  movePerYear: 0.093,
  /** Adults in wireless-only households (NHIS 2021): the rest have a landline. */
  wirelessOnlyHouseholds: 0.68,
  /** Adults owning a cellphone (Pew Mobile Fact Sheet 2024-25). */
  adultsWithCellphone: 0.98,
  /** Adults with an e-mail: its presence on registrations by 2014 (Culbertson et al., Appl Clin Inform 2017). */
  adultsWithEmail: 0.54,
  /** Where a household has a landline, the share of an adult's records giving it. An assumption. */
  landlineOnRecord: 0.5,
  /** Lab and pharmacy orders carrying the referring hospital's or clinic's MRN. An assumption. */
  referralMrn: 0.5,
  /** Average MPI duplicate rate 8-12% (AHIMA, via Gates 2019): the midpoint, for sources that deduplicate. */
  duplicateAtDeduplicatingSource: 0.1,
  /** pseudopeople's default cell probability for every (column, noise type) pair. */
  cellNoise: 0.01,
  /** pseudopeople token probability of phonetic and OCR errors, and per-character typos. */
  tokenNoise: 0.1,
  /** pseudopeople: a typo inserts a neighbouring key 10% of the time, else replaces. */
  typoInsert: 0.1,
  /** pseudopeople write_wrong_zipcode_digits: chance per ZIP digit (x 1/0.9 inside). */
  zipDigit: [0.04, 0.04, 0.2, 0.36, 0.36],
  /**
   * Registrations per person: the project's existing generator's weights (mean 2.26); no
   * published figure. An assumption, stated as one.
   */
  visitsPerPerson: [0.35, 0.3, 0.18, 0.1, 0.05, 0.02],
  /** Years of registrations before the census date, for moves, marriages and newborns. An assumption. */
  windowYears: 5,
  /** The seed is the 2020 decennial census (pseudopeople); its reference date. */
  referenceDate: '2020-04-01',
} as const;
