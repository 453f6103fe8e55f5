import { Injectable } from '@nestjs/common';
import { IDENTIFIER_DOMAINS, otherIdentifierDomain } from '../matching/features/identifier-tokens';
import { normalizeEmail } from '../matching/normalize/email';
import { normalizeOtherIdentifiers } from '../matching/normalize/other-identifiers';
import { normalizePhone } from '../matching/normalize/phone';
import { normalizeSsn } from '../matching/normalize/ssn';
import { TokenService } from '../tokens/token.service';
import { SSN_SYSTEM } from '../formats/fhir-patient';
import { NO_RECORD, RecordCriterion, RecordKey } from './record-criteria';

/**
 * Identifiers are stored only as keyed tokens, so a search by identifier normalizes the
 * value the way ingest does and looks up its token:
 *   - SSN system: the SSN token in the record's features;
 *   - any other system: the record key (source = system, MRN token) or a further identifier
 *     of that assigning authority.
 * A value the normalizer drops (a placeholder SSN) matches nothing. Tokens are made under the
 * active key: records tokenized under an older key are found again once re-tokenized.
 */
@Injectable()
export class IdentifierCriteria {
  constructor(private readonly tokens: TokenService) {}

  identifier(system: string, value: string): RecordCriterion {
    if (system === SSN_SYSTEM) return this.ssn(value);
    const recordKey: RecordCriterion = { kind: 'recordKey', ...this.recordKey(system, value) };
    const other = this.otherIdentifier(system, value);
    return other === null ? recordKey : { kind: 'anyOf', criteria: [recordKey, other] };
  }

  /** The key of the record a source sent under this id. */
  recordKey(source: string, sourceId: string): RecordKey {
    return { source, sourceIdToken: this.tokens.sourceIdToken(source, sourceId) };
  }

  ssn(value: string): RecordCriterion {
    const ssn = normalizeSsn(value);
    if (!ssn.ok || ssn.value === null) return NO_RECORD;
    const token = this.tokens.tokenizer(IDENTIFIER_DOMAINS.ssn, ssn.value);
    return { kind: 'fieldToken', field: 'ssn', token };
  }

  phone(value: string): RecordCriterion {
    const phone = normalizePhone(value);
    if (!phone.ok || phone.value === null) return NO_RECORD;
    const token = this.tokens.tokenizer(IDENTIFIER_DOMAINS.phone, phone.value);
    return { kind: 'fieldToken', field: 'phone', token };
  }

  email(value: string): RecordCriterion {
    const email = normalizeEmail(value);
    if (!email.ok || email.value === null) return NO_RECORD;
    const token = this.tokens.tokenizer(IDENTIFIER_DOMAINS.email, email.value);
    return { kind: 'fieldToken', field: 'email', token };
  }

  /** A further identifier of an assigning authority, normalized as ingest does; null if unusable. */
  otherIdentifier(system: string, value: string): RecordCriterion | null {
    const parsed = normalizeOtherIdentifiers(`${system}|${value}`);
    const id = parsed.ok ? parsed.value?.[0] : undefined;
    if (!id || system.includes(';') || value.includes(';')) return null;
    const token = this.tokens.tokenizer(otherIdentifierDomain(id.system), id.value);
    return { kind: 'otherIdentifier', system: id.system, token };
  }
}
