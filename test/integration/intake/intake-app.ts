import { INestApplication } from '@nestjs/common';
import { issueStaffToken } from '@waybill/access';
import { EventBus } from '@waybill/messaging';
import { ServiceSettings } from '@waybill/service-kit';
import { ShipmentIntakeModule } from '@waybill/shipment-intake';
import { ApiTarget } from '../../support/http';
import { startHostedService, testBus } from '../../support/hosted-service';

const TEST_TOKEN_SECRET = 'intake-test-tracking-token-secret-0123';

export interface RunningIntake {
  app: INestApplication;
  baseUrl: string;
  /** Intake as a dispatcher calls it. */
  api: ApiTarget;
  bus: EventBus;
  /** The broker-side name of a contract topic (a Kafka intake has topics of its own). */
  topic(name: string): string;
  close(): Promise<void>;
}

/**
 * Shipment intake alone in this process, the way `services/shipment-intake/src/main.ts` hosts
 * it (hostModule: access control on), on a real database and on the in-process bus or the real
 * Kafka broker. Its suites do not depend on the other services being in a runnable state.
 */
export async function startIntake(options: {
  databaseUrl: string;
  bus?: 'in-process' | 'kafka';
  clientId?: string;
}): Promise<RunningIntake> {
  const settings: ServiceSettings = {
    databaseUrl: options.databaseUrl,
    trackingTokenSecret: TEST_TOKEN_SECRET,
    publicBaseUrl: 'http://localhost:3000',
    outboxPollMs: 100,
  };
  const { bus, topic } = testBus(options.bus, options.clientId ?? 'intake-under-test');
  const { app, baseUrl } = await startHostedService({
    name: 'shipment-intake',
    databaseUrl: options.databaseUrl,
    bus,
    services: [ShipmentIntakeModule.register(settings)],
    connections: [ShipmentIntakeModule.serviceName],
  });
  const token = await issueStaffToken(app, 'dispatcher');
  return {
    app,
    baseUrl,
    api: { baseUrl, credentials: { authorization: `Bearer ${token}` } },
    bus,
    topic,
    close: () => app.close(),
  };
}
