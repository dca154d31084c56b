import { DynamicModule, Type } from '@nestjs/common';
import { AccessModule, AccessSettings, RateLimitModule, RateLimits } from '@waybill/access';
import { BusModule, EventBus } from '@waybill/messaging';
import { AsyncApiModule, HealthModule, loggingModule, MetricsModule } from '@waybill/service-kit';

export interface HostModuleOptions {
  /** Logger name: the service's, or `waybill` for the standalone platform. */
  name: string;
  logLevel: string;
  bus: EventBus;
  /** The registered service modules this process hosts. */
  services: DynamicModule[];
  /** Their database connection names, checked by /health/ready. */
  connections: string[];
  access: AccessSettings;
  rateLimits?: Partial<RateLimits>;
  /** More modules for this host only (the standalone web pages). */
  extra?: Array<DynamicModule | Type>;
}

/**
 * The one root module shape of every Waybill process, distributed or standalone: logs, the bus,
 * the services, who gets in (AccessModule's global guard and the rate limits), metrics, AsyncAPI
 * and health. Hosting the same things the same way is what keeps both modes honest.
 */
export function hostModule(options: HostModuleOptions): DynamicModule {
  return {
    module: class WaybillHost {},
    imports: [
      loggingModule(options.logLevel, options.name),
      BusModule.forBus(options.bus),
      AccessModule.register(options.access),
      RateLimitModule.forRoot(options.rateLimits),
      ...options.services,
      MetricsModule,
      AsyncApiModule,
      ...(options.extra ?? []),
      HealthModule.forConnections(options.connections),
    ],
  };
}
