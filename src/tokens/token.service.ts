import { Inject, Injectable } from '@nestjs/common';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { Tokenizer } from '../matching/record-types';
import { FieldCipher, createFieldCipher } from './field-cipher';
import { KeyedTokenizer, createHmacTokenizer } from './hmac-tokenizer';
import { Keyring, createKeyring } from './keyring';

/** Domain of blocking-key hashes: keys hold name and date fragments, so they are keyed too. */
const BLOCK_KEY_DOMAIN = 'block-key';
/** Associated data binding each ciphertext to its column. */
export const CIPHER_CONTEXT = {
  sourceId: 'source_record.source_id',
  identifiers: 'source_record.identifiers',
} as const;

/**
 * The service's one door to identifier tokens and field encryption, under the configured
 * keyring: the active key makes new tokens and ciphertexts, older keys still read.
 */
@Injectable()
export class TokenService {
  readonly keyring: Keyring;
  private readonly active: KeyedTokenizer;
  private readonly cipher: FieldCipher;

  constructor(@Inject(SECRETS) secrets: Secrets) {
    this.keyring = createKeyring(secrets.dataKeys);
    this.active = createHmacTokenizer(this.keyring.active);
    this.cipher = createFieldCipher(this.keyring);
  }

  get activeKeyId(): string {
    return this.active.keyId;
  }

  get tokenizer(): Tokenizer {
    return this.active.tokenize;
  }

  sourceIdToken(source: string, sourceId: string): string {
    return this.active.tokenizeSourceId(source, sourceId);
  }

  blockKeyToken(key: string): string {
    return this.active.tokenize(BLOCK_KEY_DOMAIN, key);
  }

  encrypt(plaintext: string, context: string): string {
    return this.cipher.encrypt(plaintext, context);
  }

  decrypt(sealed: string, context: string): string {
    return this.cipher.decrypt(sealed, context);
  }
}
