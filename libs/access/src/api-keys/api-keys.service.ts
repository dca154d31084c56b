import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS } from '../access.constants';
import { ApiKeyScope, IntegrationPrincipal } from '../principal';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-format';
import { ApiKeyEntity } from './api-key.entity';

/** A key as listed: never the key itself, never its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  revokedAt: Date | null;
}

const toSummary = (entity: ApiKeyEntity): ApiKeySummary => ({
  id: entity.id,
  name: entity.name,
  prefix: entity.keyPrefix,
  scopes: entity.scopes,
  createdAt: entity.createdAt,
  revokedAt: entity.revokedAt,
});

/** Integration keys: created by an admin, shown once, stored as a sha256, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource(ACCESS) private readonly dataSource: DataSource) {}

  private get keys() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  async create(input: { name: string; scopes: ApiKeyScope[]; createdBy?: string }): Promise<{ summary: ApiKeySummary; key: string }> {
    const { key, hash, displayPrefix } = generateApiKey();
    const entity = this.keys.create({
      id: randomUUID(),
      name: input.name,
      keyHash: hash,
      keyPrefix: displayPrefix,
      scopes: [...new Set(input.scopes)],
      createdBy: input.createdBy ?? null,
      createdAt: new Date(),
      revokedAt: null,
    });
    await this.keys.insert(entity);
    return { summary: toSummary(entity), key };
  }

  async list(): Promise<ApiKeySummary[]> {
    return (await this.keys.find({ order: { createdAt: 'ASC' } })).map(toSummary);
  }

  /** Revokes a key; false when there is no such key. Revoking twice is fine. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE access.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id`,
      [id],
    );
    return result[0].length > 0;
  }

  /** The integration a live key belongs to, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<IntegrationPrincipal | null> {
    if (!looksLikeApiKey(key)) return null;
    // On every request of every integration: one indexed row by hash, without the ORM's entity
    // mapping (a measurable share of a small request's CPU). No cache: revocation acts at once.
    const [row] = (await this.dataSource.query(
      'SELECT id, name, scopes FROM access.api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashApiKey(key)],
    )) as Array<{ id: string; name: string; scopes: ApiKeyScope[] }>;
    return row ? { kind: 'integration', keyId: row.id, name: row.name, scopes: row.scopes } : null;
  }
}
