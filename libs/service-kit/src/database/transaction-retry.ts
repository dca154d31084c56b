import { DataSource, EntityManager } from 'typeorm';
import { isTransientDatabaseError } from '@waybill/messaging';

/**
 * Runs `work` in a transaction and runs it again, a few times with a short random pause, when
 * Postgres answers with a deadlock or serialization failure: a client never sees a 500 for a
 * conflict between two of its own requests.
 */
export async function transactionWithRetry<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
