import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MatchFeatures } from '../matching/record-types';
import { Demographics } from './demographics';

/** One registration of a person in one source system, keyed by (source, source id). */
@Entity({ name: 'source_record' })
@Unique('source_record_key', ['source', 'sourceIdToken'])
export class SourceRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  source!: string;

  /** Keyed token of the source's record id (MRN): the lookup key. */
  @Column('text', { name: 'source_id_token' })
  sourceIdToken!: string;

  /** The MRN itself, encrypted, for exports back to the source system. */
  @Column('text', { name: 'source_id_enc' })
  sourceIdEnc!: string;

  @Column('text', { name: 'key_id' })
  keyId!: string;

  @Column('jsonb')
  demographics!: Demographics;

  /** SSN, phone, email and other identifiers, encrypted together. */
  @Column('text', { name: 'identifiers_enc', nullable: true })
  identifiersEnc!: string | null;

  @Column('jsonb')
  features!: MatchFeatures;

  /** Hash of the normalized content: a re-sent identical record changes nothing. */
  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  @Column('integer', { default: 1 })
  version!: number;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  /** When the source says the registration happened; null on records stored before it was kept. */
  @Column('timestamptz', { name: 'event_at', nullable: true })
  eventAt!: Date | null;
}
