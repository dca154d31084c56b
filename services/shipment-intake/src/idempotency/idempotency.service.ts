import { BadRequestException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { INTAKE } from '../shipments/new-shipment';
import { requestFingerprint } from './request-fingerprint';

export interface IdempotentResponse<T = unknown> {
  statusCode: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

class KeyTakenMeanwhile extends Error {}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key`: the key, a hash of the request and the response are stored in the same
 * transaction as the shipments. The same key and body get the stored response and create nothing;
 * the same key with another body gets a 422. Only successful responses are stored, so a request
 * that failed can be retried with its key.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource(INTAKE) private readonly dataSource: DataSource) {}

  async run<T>(
    key: string | undefined,
    operation: string,
    rawBody: unknown,
    work: (manager: EntityManager) => Promise<{ statusCode: number; body: T }>,
  ): Promise<IdempotentResponse<T>> {
    if (key === undefined) {
      const result = await this.dataSource.transaction(work);
      return { ...result, replayed: false };
    }
    if (!KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'Validation failed',
        errors: [{ field: 'Idempotency-Key', reason: 'must be 1 to 255 visible ASCII characters' }],
      });
    }
    const hash = requestFingerprint(operation, rawBody);
    const earlier = await this.stored<T>(this.dataSource.manager, key, hash);
    if (earlier) return earlier;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        // Claiming the key first makes a concurrent request with the same key wait here for us.
        const claimed: unknown[] = await manager.query(
          `INSERT INTO intake.idempotency_keys (key, request_hash, status_code, response)
           VALUES ($1, $2, 0, 'null'::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
          [key, hash],
        );
        if (claimed.length === 0) throw new KeyTakenMeanwhile();
        const outcome = await work(manager);
        await manager.query(`UPDATE intake.idempotency_keys SET status_code = $2, response = $3::jsonb WHERE key = $1`, [
          key,
          outcome.statusCode,
          JSON.stringify(outcome.body),
        ]);
        return outcome;
      });
      return { ...result, replayed: false };
    } catch (error) {
      if (!(error instanceof KeyTakenMeanwhile)) throw error;
      const winner = await this.stored<T>(this.dataSource.manager, key, hash);
      if (!winner) throw new Error(`idempotency key ${key} vanished while it was being used`);
      return winner;
    }
  }

  private async stored<T>(manager: EntityManager, key: string, hash: string): Promise<IdempotentResponse<T> | null> {
    const rows: { request_hash: string; status_code: number; response: T }[] = await manager.query(
      `SELECT request_hash, status_code, response FROM intake.idempotency_keys WHERE key = $1`,
      [key],
    );
    if (rows.length === 0) return null;
    if (rows[0].request_hash !== hash) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'this Idempotency-Key was already used with a different request body',
      });
    }
    return { statusCode: rows[0].status_code, body: rows[0].response, replayed: true };
  }
}
