import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, serviceInfrastructure, ServiceSettings } from '@waybill/service-kit';
import { CreateIntakeTables1764320000000 } from './migrations/1764320000000-create-intake-tables';
import { ShipmentEntity } from './shipments/shipment.entity';
import { ShipmentsController } from './shipments/shipments.controller';
import { INTAKE, ShipmentsService } from './shipments/shipments.service';

/** Registers shipments and makes their promises; emits on `waybill.shipments.v1`. */
@Module({})
export class ShipmentIntakeModule {
  static readonly serviceName = INTAKE;

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: ShipmentIntakeModule,
      imports: serviceInfrastructure(settings, {
        name: INTAKE,
        schema: 'intake',
        entities: [ShipmentEntity],
        migrations: [CreateIntakeTables1764320000000],
      }),
      controllers: [ShipmentsController],
      providers: [ShipmentsService, { provide: SERVICE_SETTINGS, useValue: settings }],
    };
  }
}
