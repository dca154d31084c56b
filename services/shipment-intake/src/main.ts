import 'reflect-metadata';
import { runDistributedService } from '@waybill/service-host';
import { ShipmentIntakeModule } from './shipment-intake.module';

void runDistributedService({
  name: ShipmentIntakeModule.serviceName,
  defaultPort: 3001,
  module: (settings) => ShipmentIntakeModule.register(settings),
});
