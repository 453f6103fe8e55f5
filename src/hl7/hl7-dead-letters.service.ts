import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FieldCipher, createFieldCipher } from '../tokens/field-cipher';
import { TokenService } from '../tokens/token.service';
import { Hl7Counts } from './hl7-counts';
import { DeadLetterSummary, Hl7DeadLetterRepository } from './hl7-dead-letter.repository';

/** The associated data of a dead letter's ciphertext: the column and the row's hash. */
const CONTEXT = 'hl7_dead_letter.payload';

/**
 * Frames the MPI could not process. Their bytes may hold PHI, so they are stored only
 * encrypted under the data keys (AES-256-GCM, as identifiers are), bound to their hash, and
 * never logged; the operator lists them and replays one once the cause is fixed.
 */
@Injectable()
export class Hl7DeadLetters {
  private readonly cipher: FieldCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: Hl7DeadLetterRepository,
    private readonly counts: Hl7Counts,
    tokens: TokenService,
  ) {
    this.cipher = createFieldCipher(tokens.keyring);
  }

  async store(bytes: Buffer, peer: string | null, reason: string): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.counts.deadLetter();
    return this.repository.insert(this.dataSource.manager, {
      peer,
      size: bytes.length,
      sha256,
      reason,
      payloadEnc: this.cipher.encrypt(bytes.toString('base64'), `${CONTEXT}#${sha256}`),
    });
  }

  list(limit = 100): Promise<DeadLetterSummary[]> {
    return this.repository.list(this.dataSource.manager, limit);
  }

  /** The frame's bytes, or null when there is no such dead letter. */
  async payload(id: string): Promise<Buffer | null> {
    const sealed = await this.repository.payloadOf(this.dataSource.manager, id);
    if (sealed === null) return null;
    return Buffer.from(
      this.cipher.decrypt(sealed.payloadEnc, `${CONTEXT}#${sealed.sha256}`),
      'base64',
    );
  }

  markReplayed(id: string, ackCode: string): Promise<void> {
    return this.repository.markReplayed(this.dataSource.manager, id, ackCode);
  }
}
