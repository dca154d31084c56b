import { DynamicModule } from '@nestjs/common';
import { BusModule, EventBus } from '@waybill/messaging';
import { AsyncApiModule, HealthModule, loggingModule, MetricsModule, ServiceSettings } from '@waybill/service-kit';
import { ShipmentIntakeModule } from '@waybill/shipment-intake';
import { TrackingModule } from '@waybill/tracking';
import { SlaMonitorModule } from '@waybill/sla-monitor';
import { NotificationsModule } from '@waybill/notifications';
import { WebModule } from './web/web.module';

export const SERVICES = [ShipmentIntakeModule, TrackingModule, SlaMonitorModule, NotificationsModule];

/**
 * All four services' modules in one Nest application, on whichever bus is given: the in-process
 * bus for `npm start`, Kafka when a test wants the whole platform in one process on the broker.
 */
export function platformModule(settings: ServiceSettings, bus: EventBus, logLevel = 'info'): DynamicModule {
  return {
    module: class WaybillPlatform {},
    imports: [
      loggingModule(logLevel, 'waybill'),
      BusModule.forBus(bus),
      ...SERVICES.map((service) => service.register(settings)),
      MetricsModule,
      AsyncApiModule,
      WebModule,
      HealthModule.forConnections(SERVICES.map((service) => service.serviceName)),
    ],
  };
}
