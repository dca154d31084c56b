import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { policyInForce } from '../promise/sla-policies';
import type { CreateShipmentRequest } from './create-shipment.request';
import { newShipment, promisesAt } from './new-shipment';
import { ShipmentEntity } from './shipment.entity';
import { ShipmentStore } from './shipment-store';

export type Registration =
  | { status: 'created'; shipment: ShipmentEntity }
  | { status: 'duplicate'; merchantReference: string; existingShipmentId: string };

/**
 * Registers valid shipment requests inside the caller's transaction, answering one registration
 * per request in the same order. A merchant reference seen earlier (in the database or earlier
 * in the same requests) is a duplicate: nothing is stored or emitted for it.
 */
@Injectable()
export class ShipmentRegistrar {
  constructor(@Inject(ShipmentStore) private readonly store: ShipmentStore) {}

  async register(manager: EntityManager, requests: CreateShipmentRequest[], now = new Date()): Promise<Registration[]> {
    const promise = promisesAt(policyInForce(now), now);
    const firstByReference = new Map<string, number>();
    const fresh: { index: number; shipment: ShipmentEntity }[] = [];
    requests.forEach((request, index) => {
      const reference = request.merchantReference;
      if (reference !== undefined) {
        if (firstByReference.has(reference)) return;
        firstByReference.set(reference, index);
      }
      fresh.push({ index, shipment: newShipment(request, now, promise) });
    });

    const { created, duplicates } = await this.store.insertNew(manager, fresh.map((f) => f.shipment));
    const holderOf = new Map<string, string>();
    for (const shipment of created) if (shipment.merchantReference) holderOf.set(shipment.merchantReference, shipment.id);
    for (const { shipment, existingId } of duplicates) holderOf.set(shipment.merchantReference!, existingId);
    const createdIds = new Set(created.map((s) => s.id));
    const freshAt = new Map(fresh.map((f) => [f.index, f.shipment]));

    return requests.map((request, index): Registration => {
      const shipment = freshAt.get(index);
      if (shipment && createdIds.has(shipment.id)) return { status: 'created', shipment };
      const reference = request.merchantReference!;
      return { status: 'duplicate', merchantReference: reference, existingShipmentId: holderOf.get(reference)! };
    });
  }
}
