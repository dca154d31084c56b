import { Controller, DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_BUS, EventBus } from '@waybill/messaging';

const CONNECTIONS = Symbol('HEALTH_CONNECTIONS');

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CONNECTIONS) private readonly connections: string[],
  ) {}

  /** The process is up; orchestrators restart it when this fails. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Postgres answers on every service connection and the bus is reachable. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      ...this.connections.map((name) => () => {
        const connection = this.moduleRef.get<DataSource>(getDataSourceToken(name), { strict: false });
        return this.db.pingCheck(`postgres:${name}`, { connection, timeout: 2000 });
      }),
      async () => {
        const indicator = this.indicators.check(`bus:${this.bus.kind}`);
        return (await this.bus.isHealthy()) ? indicator.up() : indicator.down({ message: 'unreachable' });
      },
    ]);
  }
}

/** `/health/live` and `/health/ready` (@nestjs/terminus) for the services hosted in a process. */
@Module({})
export class HealthModule {
  static forConnections(connections: string[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: CONNECTIONS, useValue: connections }],
    };
  }
}
