/**
 * One woman registered twice, the clinic's record a probable match of the hospital's (a review
 * task, not a link): a nickname (Hattie for Harriet), one birth-date digit off, another street.
 */
export const HARRIET_AT_HOSPITAL = {
  source: 'hospital',
  given_name: 'Harriet',
  family_name: 'Quennell',
  birth_date: '1971-04-09',
  sex: 'female',
  address_line: '12 Birch Lane',
  postal_code: '02139',
  phone: '617-555-0101',
};

export const HATTIE_AT_CLINIC = {
  source: 'clinic',
  given_name: 'Hattie',
  family_name: 'Quennell',
  birth_date: '1971-04-19',
  sex: 'female',
  address_line: '40 Elm Road',
  postal_code: '02139',
};
