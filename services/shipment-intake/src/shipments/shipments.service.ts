import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newEvent } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { newTrackingNumber } from '@waybill/service-kit';
import { computePromisedBy, SKELETON_POLICY } from '../promise/promise-policy';
import { CreateShipmentRequest } from './create-shipment.request';
import { ShipmentEntity } from './shipment.entity';

export const INTAKE = 'shipment-intake';

@Injectable()
export class ShipmentsService {
  constructor(
    @InjectDataSource(INTAKE) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  /** Stores the shipment and its `shipment.created` event in one transaction. */
  async create(request: CreateShipmentRequest): Promise<ShipmentEntity> {
    const now = new Date();
    const shipment = Object.assign(new ShipmentEntity(), {
      id: randomUUID(),
      trackingNumber: newTrackingNumber(),
      merchantReference: request.merchantReference ?? null,
      serviceLevel: request.serviceLevel,
      carrier: request.carrier,
      promisedBy: request.promisedBy ? new Date(request.promisedBy) : computePromisedBy(request.serviceLevel, now),
      policyVersion: request.promisedBy ? 'merchant' : SKELETON_POLICY.version,
      recipient: request.recipient,
      origin: request.origin,
      destination: request.destination,
      parcels: request.parcels,
      intakeState: 'registered' as const,
      createdAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(ShipmentEntity, shipment);
      await this.outbox.addEvents(manager, [
        newEvent(
          'shipment.created',
          shipment.id,
          {
            trackingNumber: shipment.trackingNumber,
            merchantReference: request.merchantReference,
            serviceLevel: shipment.serviceLevel,
            carrier: shipment.carrier,
            promisedBy: shipment.promisedBy.toISOString(),
            policyVersion: shipment.policyVersion,
            recipient: shipment.recipient,
            origin: shipment.origin,
            destination: shipment.destination,
            parcels: shipment.parcels,
          },
          { source: INTAKE, occurredAt: now },
        ),
      ]);
    });
    return shipment;
  }

  findById(id: string): Promise<ShipmentEntity | null> {
    return this.dataSource.getRepository(ShipmentEntity).findOneBy({ id });
  }
}
