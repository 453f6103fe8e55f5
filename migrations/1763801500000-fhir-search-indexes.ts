import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind FHIR Patient search and PIXm (src/fhir): the folded demographics a search
 * compares (text_pattern_ops, so `like 'smi%'` uses them whatever the collation) and the
 * identifier tokens in the features (SSN, phone, e-mail; further identifiers by containment).
 * The record key (source, source_id_token) is already unique-indexed.
 */
const EXPRESSIONS: [string, string][] = [
  ['source_record_family_name', `((demographics->>'familyName') text_pattern_ops)`],
  ['source_record_given_name', `((demographics->>'givenName') text_pattern_ops)`],
  ['source_record_middle_name', `((demographics->>'middleName') text_pattern_ops)`],
  ['source_record_birth_date', `((demographics->>'birthDate'))`],
  ['source_record_postal_code', `((demographics->>'postalCode') text_pattern_ops)`],
  ['source_record_ssn_token', `((features->'ssn'->>'token'))`],
  ['source_record_phone_token', `((features->'phone'->>'token'))`],
  ['source_record_email_token', `((features->'email'->>'token'))`],
];

export class FhirSearchIndexes1763801500000 implements MigrationInterface {
  name = 'FhirSearchIndexes1763801500000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, expression] of EXPRESSIONS)
      await q.query(`create index ${name} on source_record ${expression}`);
    await q.query(
      `create index source_record_other_identifiers on source_record using gin ((features->'otherIdentifiers') jsonb_path_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index source_record_other_identifiers`);
    for (const [name] of [...EXPRESSIONS].reverse()) await q.query(`drop index ${name}`);
  }
}
