import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Location, ShipmentStatus } from '@waybill/contracts';

/** One line of a shipment's timeline, ordered by when it happened in the world. */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  /** The carrier's own event id (or the intake event id): the dedupe key. */
  @Column({ name: 'source_event_id', type: 'text', unique: true })
  sourceEventId: string;

  @Column({ type: 'text' })
  status: ShipmentStatus | 'unknown';

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb', nullable: true })
  location: Location | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
