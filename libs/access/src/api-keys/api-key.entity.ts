import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ApiKeyScope } from '../principal';

@Entity({ schema: 'access', name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** sha256 of the whole key: the key itself is shown once and never stored. */
  @Column('text', { name: 'key_hash' })
  keyHash: string;

  /** The first characters, so people can tell their keys apart in a list. */
  @Column('text', { name: 'key_prefix' })
  keyPrefix: string;

  @Column('text', { array: true })
  scopes: ApiKeyScope[];

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
