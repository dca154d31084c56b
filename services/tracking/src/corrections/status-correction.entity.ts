import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ShipmentStatus } from '@waybill/contracts';

/** The audit record of one staff correction of a final status: who, when, why, from what to what. */
@Entity({ name: 'status_corrections' })
export class StatusCorrectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'previous_status', type: 'text' })
  previousStatus: ShipmentStatus;

  @Column({ type: 'text' })
  status: ShipmentStatus;

  /** The status version the correction produced. */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  reason: string;

  /** The staff member's email (`unknown` only if the guard named no caller). */
  @Column({ name: 'corrected_by', type: 'text' })
  correctedBy: string;

  /** The staff user id, when known: stable where an email may change. */
  @Column({ name: 'corrected_by_id', type: 'text', nullable: true })
  correctedById: string | null;

  @Column({ name: 'corrected_at', type: 'timestamptz' })
  correctedAt: Date;

  /** The `tracking.status_changed` event that announced it. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;
}
