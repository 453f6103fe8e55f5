import { Inject, Injectable } from '@nestjs/common';
import { SECRETS } from '../config/config.module';
import { Secrets } from '../config/key-material';
import { Tokenizer } from '../matching/record-types';
import { FieldCipher, FieldCipherError, createFieldCipher } from './field-cipher';
import { KeyedTokenizer, createHmacTokenizer } from './hmac-tokenizer';
import { Keyring, createKeyring } from './keyring';

/** Domain of blocking-key hashes: keys hold name and date fragments, so they are keyed too. */
const BLOCK_KEY_DOMAIN = 'block-key';
/** The column part of each ciphertext's associated data. */
export const CIPHER_CONTEXT = {
  sourceId: 'source_record.source_id',
  identifiers: 'source_record.identifiers',
} as const;
export type CipherColumn = (typeof CIPHER_CONTEXT)[keyof typeof CIPHER_CONTEXT];

/**
 * Associated data naming the column and the row: the row by its source-key token (unique per
 * record, and re-made together with the ciphertext when keys rotate). Bound to the column alone,
 * a database writer could swap two rows' encrypted MRNs and each would still open.
 */
export function rowContext(column: CipherColumn, sourceIdToken: string): string {
  return `${column}#${sourceIdToken}`;
}

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

  /** A blocking key as stored and looked up: the 64-bit id of its keyed token (block-key-id.ts). */
  blockKey(key: string): string {
    return this.active.tokenId64(BLOCK_KEY_DOMAIN, key);
  }

  /** Seals a field of the record whose source-key token is `sourceIdToken`. */
  encrypt(plaintext: string, column: CipherColumn, sourceIdToken: string): string {
    return this.cipher.encrypt(plaintext, rowContext(column, sourceIdToken));
  }

  decrypt(sealed: string, column: CipherColumn, sourceIdToken: string): string {
    return openField(this.cipher, sealed, column, sourceIdToken);
  }
}

/**
 * Opens a field sealed for its row; a value sealed before row binding (column only) still
 * opens until `mpi keys rotate` re-seals it for its row. Such a value can only be one that was
 * already stored: a row-bound one never opens in another row, nor under the column alone.
 */
export function openField(
  cipher: Pick<FieldCipher, 'decrypt'>,
  sealed: string,
  column: CipherColumn,
  sourceIdToken: string,
): string {
  try {
    return cipher.decrypt(sealed, rowContext(column, sourceIdToken));
  } catch (error) {
    if (!(error instanceof FieldCipherError)) throw error;
    return cipher.decrypt(sealed, column);
  }
}
