import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Address, Parcel, Recipient, ServiceLevel, ShipmentStatus, SlaState } from '@waybill/contracts';

/** A registered shipment as intake stores it (storage shape; the API shape is separate). */
@Entity({ name: 'shipments' })
export class ShipmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'tracking_number', type: 'text', unique: true })
  trackingNumber: string;

  @Column({ name: 'merchant_reference', type: 'text', nullable: true })
  merchantReference: string | null;

  @Column({ name: 'service_level', type: 'text' })
  serviceLevel: ServiceLevel;

  @Column({ type: 'text' })
  carrier: string;

  @Column({ name: 'promised_by', type: 'timestamptz' })
  promisedBy: Date;

  /** The SLA policy version that made the promise, or "merchant" when the merchant gave it. */
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Column({ name: 'promise_calendar', type: 'text', nullable: true })
  promiseCalendar: string | null;

  @Column({ name: 'promise_time_zone', type: 'text', nullable: true })
  promiseTimeZone: string | null;

  @Column({ type: 'jsonb' })
  recipient: Recipient;

  @Column({ type: 'jsonb' })
  origin: Address;

  @Column({ type: 'jsonb' })
  destination: Address;

  @Column({ type: 'jsonb' })
  parcels: Parcel[];

  /** Whether the shipment stands or was cancelled here; the carrier-side status is `status`. */
  @Column({ name: 'intake_state', type: 'text', default: 'registered' })
  intakeState: 'registered' | 'cancelled';

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /** Read model: the latest `tracking.status_changed` seen (tracking owns the status). */
  @Column({ type: 'text', default: 'created' })
  status: ShipmentStatus;

  @Column({ name: 'status_version', type: 'integer', default: 0 })
  statusVersion: number;

  /** Read model: the latest `sla.*` state seen (sla-monitor owns it). */
  @Column({ name: 'sla_state', type: 'text', default: 'on_track' })
  slaState: SlaState;

  @Column({ name: 'sla_changed_at', type: 'timestamptz', nullable: true })
  slaChangedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;
}
