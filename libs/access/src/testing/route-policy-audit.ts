import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { GATEWAY_METADATA, GATEWAY_OPTIONS } from '@nestjs/websockets/constants';
import { AccessPolicy } from '../policy/access-policy';
import { ACCESS_POLICY } from '../policy/access.decorator';
import { isOpenPath } from '../policy/open-paths';

export interface RouteRecord {
  method: string;
  path: string;
  controller: string;
  handler: string;
  policy: AccessPolicy | undefined;
  /** Served without a policy because it is one of OPEN_PATHS. */
  openPath: boolean;
}

export interface GatewayRecord {
  namespace: string;
  gateway: string;
  policy: AccessPolicy | undefined;
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [''] : Array.isArray(value) ? value : [value]);
const join = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

function applicationConfig(app: INestApplication): ApplicationConfig | undefined {
  try {
    return app.get(ApplicationConfig, { strict: false });
  } catch {
    return (app as unknown as { config?: ApplicationConfig }).config;
  }
}

function discovery(app: INestApplication): DiscoveryService {
  return new DiscoveryService(app.get(ModulesContainer, { strict: false }));
}

/**
 * Every REST route the app registered, read from Nest's own metadata (DiscoveryService +
 * MetadataScanner), with the full path (global prefix and its exclusions applied) and its policy.
 */
export function listRoutes(app: INestApplication): RouteRecord[] {
  const config = applicationConfig(app);
  const prefix = config?.getGlobalPrefix() ?? '';
  const excluded = config?.getGlobalPrefixOptions().exclude ?? [];
  const scanner = new MetadataScanner();
  const routes: RouteRecord[] = [];
  for (const wrapper of discovery(app).getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const prototype = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const method = RequestMethod[requestMethod];
      const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, metatype)) as
        | AccessPolicy
        | undefined;
      for (const controllerPath of asList(Reflect.getMetadata(PATH_METADATA, metatype))) {
        for (const methodPath of asList(methodPaths)) {
          const bare = join(controllerPath, methodPath);
          const isExcluded = excluded.some(
            (rule) =>
              (rule.requestMethod === RequestMethod.ALL || rule.requestMethod === requestMethod) && rule.pathRegex.test(bare),
          );
          const path = isExcluded ? bare : join(prefix, bare);
          routes.push({ method, path, controller: metatype.name, handler: name, policy, openPath: isOpenPath(method, path) });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The routes a request could reach that say nothing about who may use them: should be none. */
export function routesWithoutPolicy(app: INestApplication): RouteRecord[] {
  return listRoutes(app).filter((route) => route.policy === undefined && !route.openPath);
}

/** Every Socket.IO gateway with its namespace and declared policy. */
export function listGateways(app: INestApplication): GatewayRecord[] {
  return discovery(app)
    .getProviders()
    .filter((wrapper) => wrapper.metatype && Reflect.getMetadata(GATEWAY_METADATA, wrapper.metatype))
    .map((wrapper) => {
      const options = (Reflect.getMetadata(GATEWAY_OPTIONS, wrapper.metatype!) ?? {}) as { namespace?: string };
      return {
        namespace: typeof options.namespace === 'string' ? options.namespace : '/',
        gateway: wrapper.metatype!.name,
        policy: Reflect.getMetadata(ACCESS_POLICY, wrapper.metatype!) as AccessPolicy | undefined,
      };
    });
}

/** Gateways with no declared policy: should be none. */
export function gatewaysWithoutPolicy(app: INestApplication): GatewayRecord[] {
  return listGateways(app).filter((gateway) => gateway.policy === undefined);
}
