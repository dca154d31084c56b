import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACCESS } from '../access.constants';

/** Failed logins, per account and per client address, in the `access` schema (shared by every instance). */
@Injectable()
export class LoginFailuresStore {
  constructor(@InjectDataSource(ACCESS) private readonly dataSource: DataSource) {}

  async recent(account: string, address: string, since: Date): Promise<{ account: Date[]; address: Date[] }> {
    const rows: Array<{ by: 'account' | 'address'; failed_at: Date }> = await this.dataSource.query(
      `SELECT 'account' AS by, failed_at FROM access.login_failures WHERE account = $1 AND failed_at >= $3
       UNION ALL
       SELECT 'address' AS by, failed_at FROM access.login_failures WHERE address = $2 AND failed_at >= $3`,
      [account, address, since],
    );
    const pick = (by: 'account' | 'address') => rows.filter((r) => r.by === by).map((r) => new Date(r.failed_at));
    return { account: pick('account'), address: pick('address') };
  }

  /** Records a failure and forgets this account's and address's failures too old to matter. */
  async record(account: string, address: string, at: Date, forgetBefore: Date): Promise<void> {
    await this.dataSource.query(
      `WITH forgotten AS (
         DELETE FROM access.login_failures WHERE (account = $1 OR address = $2) AND failed_at < $4
       )
       INSERT INTO access.login_failures (account, address, failed_at) VALUES ($1, $2, $3)`,
      [account, address, at, forgetBefore],
    );
  }

  /** A successful login forgives the account (not the address: it may be trying many accounts). */
  async forgiveAccount(account: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM access.login_failures WHERE account = $1`, [account]);
  }
}
