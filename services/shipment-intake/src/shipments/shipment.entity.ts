import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Address, Parcel, Recipient, ServiceLevel } from '@waybill/contracts';

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

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Column({ type: 'jsonb' })
  recipient: Recipient;

  @Column({ type: 'jsonb' })
  origin: Address;

  @Column({ type: 'jsonb' })
  destination: Address;

  @Column({ type: 'jsonb' })
  parcels: Parcel[];

  /** Intake only knows whether the shipment stands or was cancelled; tracking owns the rest. */
  @Column({ name: 'intake_state', type: 'text', default: 'registered' })
  intakeState: 'registered' | 'cancelled';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
