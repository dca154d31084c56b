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

  /** When the scan that set the current status happened. */
  @Column({ name: 'status_at', type: 'timestamptz', nullable: true })
  statusAt: Date | null;

  /** Position (time, then key) of the last known-status scan: older scans arrive late. */
  @Column({ name: 'latest_scan_at', type: 'timestamptz', nullable: true })
  latestScanAt: Date | null;

  @Column({ name: 'latest_scan_key', type: 'text', nullable: true })
  latestScanKey: string | null;

  /** The newest scan of any kind, unknown codes included: what staleness is measured from. */
  @Column({ name: 'last_scan_at', type: 'timestamptz', nullable: true })
  lastScanAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  eta: Date | null;

  /** When the shipment counts as stale if no scan comes first; null when not moving or reported. */
  @Column({ name: 'stale_due_at', type: 'timestamptz', nullable: true })
  staleDueAt: Date | null;

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
