import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AtRiskReason, ServiceLevel, ShipmentStatus, SlaState } from '@waybill/contracts';

/**
 * One durable deadline per shipment, indexed by when it is next due, with the facts and the SLA
 * state the rules decided. Written with SQL by DeadlineStore; this entity documents the table.
 */
@Entity({ name: 'deadlines' })
export class DeadlineEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'tracking_number', type: 'text', nullable: true })
  trackingNumber: string | null;

  /** Null while only tracking events have arrived. */
  @Column({ name: 'promised_by', type: 'timestamptz', nullable: true })
  promisedBy: Date | null;

  /** When the poller must look at this shipment next; null once the clock has stopped. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text' })
  state: SlaState;

  @Column({ name: 'at_risk_reason', type: 'text', nullable: true })
  atRiskReason: AtRiskReason | null;

  @Column({ name: 'service_level', type: 'text', nullable: true })
  serviceLevel: ServiceLevel | null;

  @Column({ type: 'text', nullable: true })
  carrier: string | null;

  /** Destination country: the `region` of breach reports. */
  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', nullable: true })
  status: ShipmentStatus | null;

  @Column({ name: 'status_version', type: 'integer', default: 0 })
  statusVersion: number;

  @Column({ name: 'last_scan_at', type: 'timestamptz', nullable: true })
  lastScanAt: Date | null;

  @Column({ name: 'stale_since', type: 'timestamptz', nullable: true })
  staleSince: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  eta: Date | null;

  @Column({ name: 'eta_given_at', type: 'timestamptz', nullable: true })
  etaGivenAt: Date | null;

  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true })
  firstAttemptAt: Date | null;

  @Column({ name: 'first_attempt_delivered', type: 'boolean', nullable: true })
  firstAttemptDelivered: boolean | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'stopped_reason', type: 'text', nullable: true })
  stoppedReason: string | null;

  @Column({ name: 'first_at_risk_at', type: 'timestamptz', nullable: true })
  firstAtRiskAt: Date | null;

  @Column({ name: 'late_at', type: 'timestamptz', nullable: true })
  lateAt: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'late_by_seconds', type: 'integer', nullable: true })
  lateBySeconds: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', nullable: true })
  createdAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
