import { EventEnvelope, newEvent } from '@waybill/contracts';
import { counter } from '@waybill/service-kit';
import { SlaRecord } from '../rules/sla-record';
import { SlaTransition } from '../rules/sla-rules';

export const SLA_MONITOR = 'sla-monitor';

const transitionsTotal = counter('waybill_sla_transitions_total', 'SLA transitions emitted, by event type and trigger', [
  'type',
  'trigger',
]);

/** The `sla.*` events for one shipment's transitions, in the order they happened. */
export function transitionEvents(
  record: SlaRecord,
  transitions: SlaTransition[],
  causedBy?: { id: string },
): EventEnvelope[] {
  return transitions.map((transition) =>
    newEvent(
      transition.type,
      record.shipmentId,
      {
        previousState: transition.previousState,
        state: transition.state,
        promisedBy: record.promisedBy!.toISOString(),
        reason: transition.reason,
        lateBySeconds: transition.lateBySeconds,
      },
      { source: SLA_MONITOR, occurredAt: transition.occurredAt, causedBy },
    ),
  );
}

/** Counts transitions written to the outbox (a rolled-back chunk may be counted again on retry). */
export function countTransitions(events: EventEnvelope[], trigger: 'event' | 'deadline'): void {
  for (const event of events) transitionsTotal.inc({ type: event.type, trigger });
}
