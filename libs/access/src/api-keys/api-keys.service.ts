import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ACCESS } from '../access.constants';
import { ApiKeyScope, IntegrationPrincipal } from '../principal';
import { ApiKeyCache } from './api-key-cache';
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
  constructor(
    @InjectDataSource(ACCESS) private readonly dataSource: DataSource,
    private readonly cache: ApiKeyCache,
  ) {}

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
    const [rows] = (await this.dataSource.query(
      `UPDATE access.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING key_hash`,
      [id],
    )) as [Array<{ key_hash: string }>, number];
    // This process forgets the key before answering; the others hear of it from the trigger.
    for (const row of rows) this.cache.evict(row.key_hash);
    return rows.length > 0;
  }

  /** The integration a live key belongs to, or null for an unknown or revoked key. */
  async authenticate(key: string): Promise<IntegrationPrincipal | null> {
    if (!looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    // On every request of every integration, so live keys are cached; a revocation reaches the
    // cache through ApiKeyChanges as it commits. Unknown keys are not cached (nothing to fill
    // memory with), and the lookup skips the ORM's entity mapping.
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const generation = this.cache.startLookup();
    const [row] = (await this.dataSource.query(
      'SELECT id, name, scopes FROM access.api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hash],
    )) as Array<{ id: string; name: string; scopes: ApiKeyScope[] }>;
    if (!row) return null;
    const principal: IntegrationPrincipal = { kind: 'integration', keyId: row.id, name: row.name, scopes: row.scopes };
    this.cache.set(hash, principal, generation);
    return principal;
  }
}
