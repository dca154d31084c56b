import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Location, ReasonCode, ShipmentStatus } from '@waybill/contracts';

/** One line of a shipment's timeline, ordered by when it happened in the world. */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  /**
   * The key, and the dedupe key: `<carrier>:<carrierEventId>` for scans, the intake event id for
   * registration and cancellation, `correction:<id>` for a staff correction.
   */
  @PrimaryColumn({ name: 'source_event_id', type: 'text' })
  sourceEventId: string;

  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ type: 'text' })
  status: ShipmentStatus | 'unknown';

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  location: Location | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Null for the registration entry, which is not a scan. */
  @Column({ type: 'text', nullable: true })
  carrier: string | null;

  @Column({ name: 'carrier_event_id', type: 'text', nullable: true })
  carrierEventId: string | null;

  @Column({ name: 'carrier_code', type: 'text', nullable: true })
  carrierCode: string | null;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode: ReasonCode | null;

  @Column({ type: 'text', nullable: true })
  substatus: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** Set on the entry of a staff correction: its audit record in `status_corrections`. */
  @Column({ name: 'correction_id', type: 'uuid', nullable: true })
  correctionId: string | null;
}
