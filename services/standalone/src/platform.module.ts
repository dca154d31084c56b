import { DynamicModule } from '@nestjs/common';
import { AccessSettings, RateLimits } from '@waybill/access';
import { EventBus } from '@waybill/messaging';
import { ServiceSettings } from '@waybill/service-kit';
import { hostModule } from '@waybill/service-host';
import { ShipmentIntakeModule } from '@waybill/shipment-intake';
import { TrackingModule } from '@waybill/tracking';
import { SlaMonitorModule } from '@waybill/sla-monitor';
import { NotificationsModule } from '@waybill/notifications';
import { WebModule } from './web/web.module';

export const SERVICES = [ShipmentIntakeModule, TrackingModule, SlaMonitorModule, NotificationsModule];

export interface PlatformOptions {
  settings: ServiceSettings;
  bus: EventBus;
  access: AccessSettings;
  rateLimits?: Partial<RateLimits>;
  logLevel?: string;
}

/**
 * All four services' modules in one Nest application, on whichever bus is given: the in-process
 * bus for `npm start`, Kafka when a test wants the whole platform in one process on the broker.
 * Hosted exactly like a distributed service (hostModule), plus the web pages.
 */
export function platformModule(options: PlatformOptions): DynamicModule {
  return hostModule({
    name: 'waybill',
    logLevel: options.logLevel ?? 'info',
    bus: options.bus,
    services: SERVICES.map((service) => service.register(options.settings)),
    connections: SERVICES.map((service) => service.serviceName),
    access: options.access,
    rateLimits: options.rateLimits,
    extra: [WebModule],
  });
}
