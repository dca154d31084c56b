import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_BUS, EventBus } from './event-bus';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventConsumers } from './consumer/event-consumers';

/** Starts the bus before anyone subscribes and stops it after relays and consumers are done. */
class BusLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}
  onModuleInit() {
    return this.bus.start();
  }
  onApplicationShutdown() {
    return this.bus.stop();
  }
}

/** Provides the process's one EventBus (Kafka or in-process) to every service module. */
@Global()
@Module({})
export class BusModule {
  static forBus(bus: EventBus): DynamicModule {
    return {
      module: BusModule,
      providers: [{ provide: EVENT_BUS, useValue: bus }, BusLifecycle],
      exports: [EVENT_BUS],
    };
  }
}

class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: OutboxRelay) {}
  onApplicationBootstrap() {
    this.relay.start();
  }
  beforeApplicationShutdown() {
    return this.relay.stop();
  }
}

export interface ServiceMessagingOptions {
  /** Service name: consumer groups are `waybill.<service>`. */
  service: string;
  /** Postgres schema holding the service's outbox and inbox. */
  schema: string;
  /** Name of the service's TypeORM connection. */
  connection: string;
  pollIntervalMs?: number;
}

/** Gives one service its outbox, its relay and its consumers, all on its own schema. */
@Module({})
export class MessagingModule {
  static forService(options: ServiceMessagingOptions): DynamicModule {
    const dataSource = getDataSourceToken(options.connection);
    const logger = new Logger(`messaging:${options.service}`);
    return {
      module: MessagingModule,
      providers: [
        {
          provide: OutboxRelay,
          inject: [dataSource, EVENT_BUS],
          useFactory: (ds: DataSource, bus: EventBus) =>
            new OutboxRelay(ds, bus, { schema: options.schema, pollIntervalMs: options.pollIntervalMs, logger }),
        },
        {
          provide: Outbox,
          inject: [OutboxRelay],
          useFactory: (relay: OutboxRelay) => new Outbox(options.schema, () => relay.markWritten()),
        },
        {
          provide: EventConsumers,
          inject: [dataSource, EVENT_BUS, Outbox],
          useFactory: (ds: DataSource, bus: EventBus, outbox: Outbox) =>
            new EventConsumers(options.service, ds, bus, outbox, logger),
        },
        { provide: RelayLifecycle, inject: [OutboxRelay], useFactory: (r: OutboxRelay) => new RelayLifecycle(r) },
      ],
      exports: [Outbox, EventConsumers, OutboxRelay],
    };
  }
}
