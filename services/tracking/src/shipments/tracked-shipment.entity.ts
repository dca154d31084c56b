import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ServiceLevel, ShipmentStatus, SlaState } from '@waybill/contracts';

/** Tracking's view of a shipment: what the timeline and the customer page need. */
@Entity({ name: 'shipments' })
export class TrackedShipmentEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'tracking_number', type: 'text', unique: true })
  trackingNumber: string;

  @Column({ type: 'text' })
  status: ShipmentStatus;

  /** Grows by one per status change; sent on `tracking.status_changed`. */
  @Column({ name: 'status_version', type: 'int' })
  statusVersion: number;

  @Column({ name: 'sla_state', type: 'text' })
  slaState: SlaState;

  @Column({ name: 'service_level', type: 'text' })
  serviceLevel: ServiceLevel;

  @Column({ type: 'text' })
  carrier: string;

  @Column({ name: 'promised_by', type: 'timestamptz' })
  promisedBy: Date;

  @Column({ name: 'destination_city', type: 'text' })
  destinationCity: string;

  @Column({ name: 'destination_country', type: 'text' })
  destinationCountry: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
