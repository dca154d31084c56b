import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isFinalStatus, newEvent } from '@waybill/contracts';
import { Outbox } from '@waybill/messaging';
import { counter, validationFailed } from '@waybill/service-kit';
import { IdempotencyService, IdempotentResponse } from '../idempotency/idempotency.service';
import type { CancelShipmentRequest, CorrectShipmentRequest } from './correct-shipment.request';
import type { CreateShipmentRequest } from './create-shipment.request';
import { decodeCursor, encodeCursor, ListShipmentsQuery } from './list-shipments.query';
import { INTAKE } from './new-shipment';
import { applyCorrection } from './shipment-correction';
import { ShipmentEntity } from './shipment.entity';
import { ShipmentRegistrar } from './shipment-registrar';
import { ResponseSettings, ShipmentResponse, toShipmentResponse } from './shipment.response';

export { INTAKE } from './new-shipment';

export const shipmentsCreated = counter('waybill_intake_shipments_created_total', 'Shipments registered, by channel', [
  'channel',
]);

function notFound(): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'shipment not found' });
}

@Injectable()
export class ShipmentsService {
  constructor(
    @InjectDataSource(INTAKE) private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(ShipmentRegistrar) private readonly registrar: ShipmentRegistrar,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Stores one shipment and its `shipment.created` event in one transaction (with the idempotency
   * record when a key is given). A merchant reference already registered is a 409.
   */
  async create(
    request: CreateShipmentRequest,
    raw: unknown,
    idempotencyKey: string | undefined,
    settings: ResponseSettings,
  ): Promise<IdempotentResponse<ShipmentResponse>> {
    const result = await this.idempotency.run(idempotencyKey, 'POST /shipments', raw, async (manager) => {
      const [registration] = await this.registrar.register(manager, [request]);
      if (registration.status === 'duplicate') {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `merchantReference "${registration.merchantReference}" is already registered`,
          existingShipmentId: registration.existingShipmentId,
        });
      }
      return { statusCode: 201, body: toShipmentResponse(registration.shipment, settings) };
    });
    if (!result.replayed) shipmentsCreated.inc({ channel: 'single' });
    return result;
  }

  findById(id: string): Promise<ShipmentEntity | null> {
    return this.dataSource.getRepository(ShipmentEntity).findOneBy({ id });
  }

  /** Newest first, a page at a time; the cursor is the (created_at, id) of the last row shown. */
  async list(query: ListShipmentsQuery): Promise<{ items: ShipmentEntity[]; nextCursor: string | null }> {
    const qb = this.dataSource.getRepository(ShipmentEntity).createQueryBuilder('s');
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.slaState) qb.andWhere('s.sla_state = :slaState', { slaState: query.slaState });
    if (query.serviceLevel) qb.andWhere('s.service_level = :serviceLevel', { serviceLevel: query.serviceLevel });
    if (query.carrier) qb.andWhere('s.carrier = :carrier', { carrier: query.carrier });
    if (query.merchantReference) qb.andWhere('s.merchant_reference = :reference', { reference: query.merchantReference });
    if (query.createdFrom) qb.andWhere('s.created_at >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) qb.andWhere('s.created_at < :createdTo', { createdTo: query.createdTo });
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      if (!position) throw validationFailed([{ field: 'cursor', reason: 'is not a cursor this API gave out' }]);
      qb.andWhere('(s.created_at, s.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))', {
        cursorAt: position.createdAt,
        cursorId: position.id,
      });
    }
    qb.addSelect(`to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .limit(query.limit + 1);
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
    const items = entities.slice(0, query.limit);
    const more = entities.length > query.limit;
    const last = items.length - 1;
    return {
      items,
      nextCursor: more ? encodeCursor({ createdAt: raw[last].cursor_at, id: items[last].id }) : null,
    };
  }

  /** Contact and address corrections; emits `shipment.updated` when something really changed. */
  async correct(id: string, patch: CorrectShipmentRequest): Promise<ShipmentEntity> {
    return this.dataSource.transaction(async (manager) => {
      const shipment = await this.lockOpen(manager, id, 'corrected');
      const corrected = applyCorrection(shipment, patch);
      if (corrected.changedFields.length === 0) return shipment;
      const now = new Date();
      Object.assign(shipment, {
        recipient: corrected.recipient,
        origin: corrected.origin,
        destination: corrected.destination,
        updatedAt: now,
      });
      await manager.update(ShipmentEntity, { id }, {
        recipient: shipment.recipient,
        origin: shipment.origin,
        destination: shipment.destination,
        updatedAt: now,
      });
      const changed = (part: string) => corrected.changedFields.some((field) => field.startsWith(`${part}.`));
      await this.outbox.addEvents(manager, [
        newEvent(
          'shipment.updated',
          id,
          {
            trackingNumber: shipment.trackingNumber,
            recipient: changed('recipient') ? shipment.recipient : undefined,
            origin: changed('origin') ? shipment.origin : undefined,
            destination: changed('destination') ? shipment.destination : undefined,
            changedFields: corrected.changedFields,
          },
          { source: INTAKE, occurredAt: now },
        ),
      ]);
      return shipment;
    });
  }

  /**
   * Cancels a shipment that is not final yet and emits `shipment.cancelled`. Cancelling twice
   * answers the cancelled shipment again without a second event; a delivered (or otherwise final)
   * shipment cannot be cancelled: 409.
   */
  async cancel(id: string, request: CancelShipmentRequest): Promise<ShipmentEntity> {
    return this.dataSource.transaction(async (manager) => {
      const shipment = await manager.findOne(ShipmentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!shipment) throw notFound();
      if (shipment.intakeState === 'cancelled') return shipment;
      if (isFinalStatus(shipment.status)) {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `a shipment that is ${shipment.status} cannot be cancelled`,
          status: shipment.status,
        });
      }
      const now = new Date();
      Object.assign(shipment, {
        intakeState: 'cancelled',
        status: 'cancelled',
        cancelReason: request.reason ?? null,
        updatedAt: now,
      });
      await manager.update(ShipmentEntity, { id }, {
        intakeState: 'cancelled',
        status: 'cancelled',
        cancelReason: shipment.cancelReason,
        updatedAt: now,
      });
      await this.outbox.addEvents(manager, [
        newEvent(
          'shipment.cancelled',
          id,
          { trackingNumber: shipment.trackingNumber, reason: request.reason },
          { source: INTAKE, occurredAt: now },
        ),
      ]);
      return shipment;
    });
  }

  private async lockOpen(manager: EntityManager, id: string, verb: string): Promise<ShipmentEntity> {
    const shipment = await manager.findOne(ShipmentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!shipment) throw notFound();
    if (shipment.intakeState === 'cancelled' || isFinalStatus(shipment.status)) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `a shipment that is ${shipment.intakeState === 'cancelled' ? 'cancelled' : shipment.status} cannot be ${verb}`,
        status: shipment.status,
      });
    }
    return shipment;
  }
}
