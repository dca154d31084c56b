import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_SETTINGS, serviceInfrastructure, ServiceInfrastructureSpec, ServiceSettings } from '@waybill/service-kit';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ShipmentImportsController } from './imports/shipment-imports.controller';
import { ShipmentImportsService } from './imports/shipment-imports.service';
import { CreateIntakeTables1764320000000 } from './migrations/1764320000000-create-intake-tables';
import { AddPromiseReadModelIdempotency1764400000000 } from './migrations/1764400000000-add-promise-read-model-idempotency';
import { IntakeOutboxBatches1766000000000 } from './migrations/1766000000000-outbox-batches';
import { SlaPoliciesController } from './promise/sla-policies.controller';
import { INTAKE } from './shipments/new-shipment';
import { ShipmentEntity } from './shipments/shipment.entity';
import { ShipmentRegistrar } from './shipments/shipment-registrar';
import { ShipmentStore } from './shipments/shipment-store';
import { ShipmentsController } from './shipments/shipments.controller';
import { ShipmentsService } from './shipments/shipments.service';
import { ShipmentStatusConsumer } from './status/shipment-status.consumer';

/**
 * Registers shipments and makes their promises; emits on `waybill.shipments.v1` and reads
 * `waybill.tracking.v1` and `waybill.sla.v1` into its status read model.
 */
@Module({})
export class ShipmentIntakeModule {
  static readonly serviceName = INTAKE;

  /** Its schema, entities and committed migrations (also what `npm run db:migrate` runs). */
  static readonly database: ServiceInfrastructureSpec = {
    name: INTAKE,
    schema: 'intake',
    entities: [ShipmentEntity],
    migrations: [
      CreateIntakeTables1764320000000,
      AddPromiseReadModelIdempotency1764400000000,
      IntakeOutboxBatches1766000000000,
    ],
  };

  static register(settings: ServiceSettings): DynamicModule {
    return {
      module: ShipmentIntakeModule,
      imports: serviceInfrastructure(settings, ShipmentIntakeModule.database),
      // Batch and import routes are declared before `:id` routes of the same path.
      controllers: [ShipmentImportsController, ShipmentsController, SlaPoliciesController],
      providers: [
        ShipmentStore,
        ShipmentRegistrar,
        IdempotencyService,
        ShipmentsService,
        ShipmentImportsService,
        ShipmentStatusConsumer,
        { provide: SERVICE_SETTINGS, useValue: settings },
      ],
    };
  }
}
