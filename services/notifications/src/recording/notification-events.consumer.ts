import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AnyEvent, decodeEvent, EventEnvelope, Topics } from '@waybill/contracts';
import { EventConsumers } from '@waybill/messaging';
import { TRIGGER_TYPES } from '../rules/notification-rules';
import { TriggerEvent } from '../shipments/shipment-state';
import { DeferredEventsSweeper } from './deferred-events.sweeper';
import { AfterCommitWork, NotificationRecorder } from './notification-recorder';

const TRIGGERS: ReadonlySet<string> = new Set(TRIGGER_TYPES);

/**
 * Reads shipments, tracking and SLA events through the inbox (a redelivered event id does
 * nothing) and records, in the same transaction, the shipment state and the notifications due.
 * Nothing is sent here: the dispatcher sends after the commit.
 *
 * Tracking and SLA events take the inbox's multi-row path: a chunk of up to 500 is recorded
 * with a handful of statements. If that chunk fails, the inbox replays it one event at a
 * time through `handle`, so only the culprit goes to the DLQ.
 */
@Injectable()
export class NotificationEventsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    private readonly recorder: NotificationRecorder,
    private readonly sweeper: DeferredEventsSweeper,
  ) {}

  onApplicationBootstrap() {
    return this.consumers.subscribe<AnyEvent>({
      topics: [Topics.shipments, Topics.tracking, Topics.sla],
      decode: (message) => {
        const event = decodeEvent(message.value);
        if (message.key !== event.shipmentId) {
          throw new Error(`message key ${message.key} does not match shipmentId ${event.shipmentId}`);
        }
        return { id: event.id, item: event };
      },
      handle: (event, manager) => this.handle([event], manager),
      handleMany: (items, manager) => this.handle(items.map((i) => i.item), manager),
    });
  }

  /**
   * Runs of consecutive trigger events are recorded together; shipment events one by one in
   * between, so every shipment's events keep their order (a chunk comes from one partition).
   */
  private async handle(events: AnyEvent[], manager: EntityManager): Promise<AfterCommitWork> {
    const work: AfterCommitWork[] = [];
    // Deferred events, or new shipments that a concurrent chunk's events may be waiting for.
    let sweep = false;
    let run: TriggerEvent[] = [];
    const flush = async () => {
      if (run.length > 0) {
        const recorded = await this.recorder.recordTriggers(run, manager);
        work.push(recorded.afterCommit);
        if (recorded.deferred > 0) sweep = true;
      }
      run = [];
    };
    for (const event of events) {
      if (TRIGGERS.has(event.type)) {
        run.push(event as unknown as TriggerEvent);
        continue;
      }
      await flush();
      if (event.type === 'shipment.created') {
        sweep = true;
        work.push(await this.recorder.onShipmentCreated(event as EventEnvelope<'shipment.created'>, manager));
      } else if (event.type === 'shipment.updated') {
        await this.recorder.onShipmentUpdated(event as EventEnvelope<'shipment.updated'>, manager);
      }
      // Other event types on these topics (shipment.cancelled, tracking.stale…) need nothing here.
    }
    await flush();
    return () => {
      work.forEach((callback) => callback());
      if (sweep) this.sweeper.sweepSoon();
    };
  }
}
