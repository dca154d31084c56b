import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { ACCESS_SETTINGS } from '../access.constants';
import { AccessSettings } from '../config/access-config';
import { ApiKeyCache } from './api-key-cache';

/** The channel the `api_keys` trigger announces changed keys on (payload: the key's hash). */
export const API_KEY_CHANGED_CHANNEL = 'waybill_api_key_changed';

const RETRY_MS = { first: 500, max: 10_000 };

/**
 * Keeps this process's ApiKeyCache honest: one connection LISTENs for key changes and drops each
 * changed key from the cache as its change commits, in every process that shares the identity
 * store. While that connection is down the cache is off, so a revocation is never missed.
 */
@Injectable()
export class ApiKeyChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MS.first;
  private stopped = false;
  private readonly logger = new Logger('api-key-changes');

  constructor(
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
    private readonly cache: ApiKeyCache,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: until the LISTEN is up, keys are simply looked up in the database.
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache.setListening(false);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.settings.databaseUrl, application_name: 'waybill-api-key-changes' });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === API_KEY_CHANGED_CHANNEL && message.payload) this.cache.evict(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_CHANGED_CHANNEL}`);
      if (this.stopped || this.client !== client) {
        await client.end().catch(() => undefined); // shut down while connecting
        return;
      }
      this.retryMs = RETRY_MS.first;
      this.cache.setListening(true);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return; // an old connection's late event
    this.client = null;
    this.cache.setListening(false);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`key change feed lost (${error instanceof Error ? error.message : String(error)}); API keys are read from the database until it is back`);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
  }
}
