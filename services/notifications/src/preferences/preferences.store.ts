import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NOTIFICATIONS } from '../notifications.constants';
import { RecipientPreferences } from './suppression';

export interface PreferencesChange {
  optedOut?: boolean;
  optedOutKinds?: string[];
  quietHours?: { start: string; end: string } | null;
  timeZone?: string | null;
}

interface PreferencesRow {
  opted_out: boolean;
  opted_out_kinds: string[];
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  time_zone: string | null;
}

function fromRow(row: PreferencesRow): RecipientPreferences {
  return {
    optedOut: row.opted_out,
    optedOutKinds: row.opted_out_kinds,
    quietHours: row.quiet_hours_start && row.quiet_hours_end ? { start: row.quiet_hours_start, end: row.quiet_hours_end } : null,
    timeZone: row.time_zone,
  };
}

/** Recipient preferences, keyed by normalised address (see addressKey). */
@Injectable()
export class PreferencesStore {
  constructor(@InjectDataSource(NOTIFICATIONS) private readonly dataSource: DataSource) {}

  async find(manager: EntityManager | DataSource, address: string): Promise<RecipientPreferences | null> {
    const [row] = await manager.query(`SELECT * FROM notifications.preferences WHERE address = $1`, [address]);
    return row ? fromRow(row) : null;
  }

  /** The stored preferences of many addresses in one query; addresses without any are absent. */
  async findMany(manager: EntityManager, addresses: string[]): Promise<Map<string, RecipientPreferences>> {
    const found = new Map<string, RecipientPreferences>();
    if (addresses.length === 0) return found;
    const rows: (PreferencesRow & { address: string })[] = await manager.query(
      `SELECT * FROM notifications.preferences WHERE address = ANY($1::text[])`,
      [[...new Set(addresses)]],
    );
    for (const row of rows) found.set(row.address, fromRow(row));
    return found;
  }

  async get(address: string): Promise<RecipientPreferences> {
    return (await this.find(this.dataSource, address)) ?? { optedOut: false, optedOutKinds: [], quietHours: null, timeZone: null };
  }

  async update(address: string, change: PreferencesChange): Promise<RecipientPreferences> {
    const current = await this.get(address);
    const next: RecipientPreferences = {
      optedOut: change.optedOut ?? current.optedOut,
      optedOutKinds: change.optedOutKinds ?? current.optedOutKinds,
      quietHours: change.quietHours === undefined ? current.quietHours : change.quietHours,
      timeZone: change.timeZone === undefined ? current.timeZone : change.timeZone,
    };
    await this.dataSource.query(
      `INSERT INTO notifications.preferences (address, opted_out, opted_out_kinds, quiet_hours_start, quiet_hours_end, time_zone, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (address) DO UPDATE SET opted_out = EXCLUDED.opted_out, opted_out_kinds = EXCLUDED.opted_out_kinds,
         quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
         time_zone = EXCLUDED.time_zone, updated_at = now()`,
      [address, next.optedOut, next.optedOutKinds, next.quietHours?.start ?? null, next.quietHours?.end ?? null, next.timeZone],
    );
    return next;
  }
}
