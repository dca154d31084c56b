import { DynamicModule, INestApplication } from '@nestjs/common';
import { applyHttpHardening, HttpHardeningConfig } from '@waybill/access';
import { createHttpApp } from '@waybill/service-kit';

/** createHttpApp plus the hardened HTTP edge (helmet, CORS from config, trust proxy). */
export async function createHostApp(
  root: DynamicModule,
  options: { title: string; hardening: HttpHardeningConfig; shutdownHooks?: boolean },
): Promise<INestApplication> {
  const app = await createHttpApp(root, { title: options.title, shutdownHooks: options.shutdownHooks });
  applyHttpHardening(app, options.hardening);
  return app;
}
