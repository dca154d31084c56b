import { randomUUID } from 'node:crypto';
import { encodeEvent, EventEnvelope, newEvent, ShipmentStatus, SlaState, topicOf } from '@waybill/contracts';
import { EventBus } from '@waybill/messaging';
import { aShipmentRequest } from '../../support/shipments';

export { call, HttpAnswer } from '../../support/http';

export function aShipment(overrides: Record<string, unknown> = {}) {
  return aShipmentRequest({ merchantReference: `ORDER-${randomUUID()}`, ...overrides });
}

/** What tracking would publish, put on the bus the platform under test listens to. */
export async function publishStatus(bus: EventBus, shipmentId: string, status: ShipmentStatus, version: number) {
  await publish(
    bus,
    newEvent(
      'tracking.status_changed',
      shipmentId,
      { trackingNumber: 'WB0000000000000000', previousStatus: null, status, version },
      { source: 'tracking' },
    ),
  );
}

/** What sla-monitor would publish. */
export async function publishSlaState(bus: EventBus, shipmentId: string, state: Exclude<SlaState, 'on_track'>) {
  const type = `sla.${state}` as 'sla.at_risk';
  await publish(
    bus,
    newEvent(type, shipmentId, { previousState: 'on_track', state, promisedBy: new Date().toISOString() }, { source: 'sla-monitor' }),
  );
}

async function publish(bus: EventBus, event: EventEnvelope) {
  await bus.publish([{ topic: topicOf(event.type), key: event.shipmentId, value: encodeEvent(event) }]);
}

/** A CSV upload in the import's column format. */
export function csvOf(rows: Record<string, string | number>[], columns = Object.keys(rows[0])): string {
  const cell = (value: unknown) => {
    const text = value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n';
}

export function aCsvRow(overrides: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    merchantReference: `CSV-${randomUUID()}`,
    serviceLevel: 'standard',
    carrier: 'dhl',
    recipientName: 'Grace Hopper',
    recipientEmail: 'grace@example.com',
    originCity: 'Lyon',
    originPostalCode: '69001',
    originCountry: 'FR',
    destinationCity: 'Berlin',
    destinationPostalCode: '10115',
    destinationCountry: 'DE',
    weightGrams: 800,
    ...overrides,
  };
}
