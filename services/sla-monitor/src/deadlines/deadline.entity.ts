import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ServiceLevel, SlaState } from '@waybill/contracts';

/** One durable deadline per active shipment, indexed by when it is next due. */
@Entity({ name: 'deadlines' })
export class DeadlineEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'tracking_number', type: 'text' })
  trackingNumber: string;

  @Column({ name: 'promised_by', type: 'timestamptz' })
  promisedBy: Date;

  /** When the poller must look at this shipment next; null once the clock has stopped. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text' })
  state: SlaState;

  @Column({ name: 'service_level', type: 'text' })
  serviceLevel: ServiceLevel;

  @Column({ type: 'text' })
  carrier: string;

  /** Destination country: the `region` of breach reports. */
  @Column({ type: 'text' })
  region: string;

  @Column({ name: 'stopped_reason', type: 'text', nullable: true })
  stoppedReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
