import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who to tell about a shipment, and in which language: copied from `shipment.created`. */
@Entity({ name: 'recipients' })
export class RecipientEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'tracking_number', type: 'text' })
  trackingNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text' })
  locale: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
