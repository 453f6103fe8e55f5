import { Injectable } from '@nestjs/common';
import { IDENTIFIER_DOMAINS, otherIdentifierDomain } from '../matching/features/identifier-tokens';
import { normalizeEmail } from '../matching/normalize/email';
import { normalizeOtherIdentifiers } from '../matching/normalize/other-identifiers';
import { normalizePhone } from '../matching/normalize/phone';
import { normalizeSsn } from '../matching/normalize/ssn';
import { TokenService } from '../tokens/token.service';
import { SSN_SYSTEM } from '../formats/fhir-patient';
import { SqlCondition } from './fhir-patient.repository';

const NOTHING: SqlCondition = { sql: 'false', params: [] };

/**
 * Identifiers are stored only as keyed tokens, so a search by identifier normalizes the
 * value the way ingest does and looks up its token (source record `r`):
 *   - SSN system: the SSN token in the record's features;
 *   - any other system: the record key (source = system, MRN token) or a further identifier
 *     of that assigning authority.
 * A value the normalizer drops (a placeholder SSN) matches nothing. Tokens are made under the
 * active key: records tokenized under an older key are found again once re-tokenized.
 */
@Injectable()
export class IdentifierConditions {
  constructor(private readonly tokens: TokenService) {}

  identifier(system: string, value: string): SqlCondition {
    if (system === SSN_SYSTEM) return this.ssn(value);
    const recordKey: SqlCondition = {
      sql: 'r.source = ? and r.source_id_token = ?',
      params: [system, this.tokens.sourceIdToken(system, value)],
    };
    const other = this.otherIdentifier(system, value);
    return other === null
      ? recordKey
      : {
          sql: `(${recordKey.sql}) or ${other.sql}`,
          params: [...recordKey.params, ...other.params],
        };
  }

  ssn(value: string): SqlCondition {
    const ssn = normalizeSsn(value);
    if (!ssn.ok || ssn.value === null) return NOTHING;
    return {
      sql: `r.features->'ssn'->>'token' = ?`,
      params: [this.tokens.tokenizer(IDENTIFIER_DOMAINS.ssn, ssn.value)],
    };
  }

  phone(value: string): SqlCondition {
    const phone = normalizePhone(value);
    if (!phone.ok || phone.value === null) return NOTHING;
    return {
      sql: `r.features->'phone'->>'token' = ?`,
      params: [this.tokens.tokenizer(IDENTIFIER_DOMAINS.phone, phone.value)],
    };
  }

  email(value: string): SqlCondition {
    const email = normalizeEmail(value);
    if (!email.ok || email.value === null) return NOTHING;
    return {
      sql: `r.features->'email'->>'token' = ?`,
      params: [this.tokens.tokenizer(IDENTIFIER_DOMAINS.email, email.value)],
    };
  }

  /** A further identifier of an assigning authority, normalized as ingest does; null if unusable. */
  otherIdentifier(system: string, value: string): SqlCondition | null {
    const parsed = normalizeOtherIdentifiers(`${system}|${value}`);
    const id = parsed.ok ? parsed.value?.[0] : undefined;
    if (!id || system.includes(';') || value.includes(';')) return null;
    const token = this.tokens.tokenizer(otherIdentifierDomain(id.system), id.value);
    return {
      sql: `r.features->'otherIdentifiers' @> ?::jsonb`,
      params: [JSON.stringify([{ system: id.system, token }])],
    };
  }
}
