import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@waybill/messaging';
import { serviceDatabase, ServiceSettings } from '@waybill/service-kit';
import { CreateIntakeTables1764320000000 } from './migrations/1764320000000-create-intake-tables';
import { ShipmentEntity } from './shipments/shipment.entity';
import { INTAKE_SETTINGS, ShipmentsController } from './shipments/shipments.controller';
import { INTAKE, ShipmentsService } from './shipments/shipments.service';

/** Registers shipments and makes their promises; emits on `waybill.shipments.v1`. */
@Module({})
export class ShipmentIntakeModule {
  static readonly serviceName = INTAKE;

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: ShipmentIntakeModule,
      imports: [
        serviceDatabase({
          name: INTAKE,
          schema: 'intake',
          url: settings.databaseUrl,
          entities: [ShipmentEntity],
          migrations: [CreateIntakeTables1764320000000],
        }),
        MessagingModule.forService({
          service: INTAKE,
          schema: 'intake',
          connection: INTAKE,
          pollIntervalMs: settings.outboxPollMs,
        }),
      ],
      controllers: [ShipmentsController],
      providers: [ShipmentsService, { provide: INTAKE_SETTINGS, useValue: settings }],
    };
  }
}
