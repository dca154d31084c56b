import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { parseScan, Scan, Topics } from '@waybill/contracts';
import { EventConsumers, IncomingMessage } from '@waybill/messaging';
import { ScanIngestionService } from './scan-ingestion.service';
import { countScans } from './scan-metrics';

export class InvalidScanMessageError extends Error {
  name = 'InvalidScanMessageError';
}

/**
 * Reads one raw scan (not an event envelope) from a `waybill.scans.v1` message, keyed by its
 * tracking number. The inbox dedupe id is the carrier's event id under its carrier.
 */
export function decodeScanMessage(message: IncomingMessage): { id: string; item: Scan } {
  if (message.value === null || message.value.length === 0) throw new InvalidScanMessageError('value: empty message');
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString());
  } catch {
    throw new InvalidScanMessageError('value: not valid JSON');
  }
  const result = parseScan(json);
  if (!result.success) {
    throw new InvalidScanMessageError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; '),
    );
  }
  const scan = result.data;
  if (message.key !== scan.trackingNumber) {
    throw new InvalidScanMessageError(`key: ${message.key} is not the scan's tracking number ${scan.trackingNumber}`);
  }
  return { id: `scan:${scan.carrier?.toLowerCase() ?? scan.trackingNumber}:${scan.carrierEventId}`, item: scan };
}

/**
 * Scans per transaction: large enough that a chunk's fixed cost (a handful of statements and a
 * commit) is small per scan, small enough to keep row locks short and a retry cheap.
 */
const SCANS_PER_CHUNK = 2000;

/** Carrier feeds on `waybill.scans.v1`: each chunk of a Kafka batch is one transaction. */
@Injectable()
export class ScanFeedConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    private readonly ingestion: ScanIngestionService,
  ) {}

  private async ingest(manager: EntityManager, scans: Scan[]) {
    const { outcomes, unknownCodes } = await this.ingestion.ingest(manager, scans);
    return () => countScans('feed', outcomes, unknownCodes);
  }

  onApplicationBootstrap() {
    return this.consumers.subscribe<Scan>({
      group: 'scans', // consumer group waybill.tracking.scans
      topics: [Topics.scans],
      decode: decodeScanMessage,
      handle: (scan, manager) => this.ingest(manager, [scan]),
      handleMany: (items, manager) => this.ingest(manager, items.map(({ item }) => item)),
      chunkSize: SCANS_PER_CHUNK,
      // Ingestion dedupes on the timeline's and the parked scans' unique keys, so a redelivered
      // scan changes nothing without an inbox row: one insert and one index entry less per scan.
      idempotentHandler: true,
    });
  }
}
