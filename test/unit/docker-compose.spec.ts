// docker-compose.yml can't be started here (no Docker), so it is held to the code instead:
// the services in services/, the ports in their main.ts, the variables distributedEnvSchema
// accepts and requires, and the Kafka and Postgres it wires them to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { distributedEnvSchema, refuseDefaultSecretsInProduction } from '@waybill/service-host';

const root = path.resolve(__dirname, '../..');

type Env = Record<string, string | number | boolean | null>;

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Env | string[] };
  command?: string | string[];
  ports?: Array<string | number | { target: number | string; published?: number | string }>;
  environment?: Env | string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

// `merge: true` resolves the `<<: *anchor` merge keys the file shares settings with.
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

/** Every folder in services/ that runs as its own process (all but the standalone host). */
const codeServices = fs
  .readdirSync(path.join(root, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'standalone')
  .filter((entry) => fs.existsSync(path.join(root, 'services', entry.name, 'src/main.ts')))
  .map((entry) => entry.name)
  .sort();

function defaultPortInCode(service: string): number {
  const main = fs.readFileSync(path.join(root, 'services', service, 'src/main.ts'), 'utf8');
  const match = /defaultPort:\s*(\d+)/.exec(main);
  if (!match) throw new Error(`services/${service}/src/main.ts names no defaultPort`);
  return Number(match[1]);
}

function asMap(value: Env | string[] | undefined): Env {
  if (!value) return {};
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(
    value.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

function environmentOf(name: string): Env {
  return asMap(compose.services[name].environment);
}

/** Container-side ports, from short ("3001", "3001:3001", "127.0.0.1:3001:3001/tcp") or long syntax. */
function containerPorts(name: string): number[] {
  return (compose.services[name].ports ?? []).map((port) => {
    if (typeof port === 'number') return port;
    if (typeof port === 'object') return Number(port.target);
    return Number(port.split('/')[0].split(':').pop());
  });
}

// What a variable is set to once Compose interpolates it: `${X:-default}` gives the default,
// `${X:?message}` (required from the user's environment) gets a stand-in a user could supply.
const SUPPLIED_BY_USER = 'a-user-supplied-secret-of-plenty-of-characters';
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (_whole, _name: string, op?: string, arg?: string) =>
    op?.endsWith('-') ? (arg ?? '') : SUPPLIED_BY_USER,
  );
}

function resolvedEnvironment(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environmentOf(name))
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, interpolate(String(value))]),
  );
}

const schemaShape = distributedEnvSchema(3000).shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
const acceptedKeys = Object.keys(schemaShape).sort();
const requiredKeys = acceptedKeys.filter((key) => !schemaShape[key].safeParse(undefined).success);

function serviceWithImage(prefix: string): string {
  const found = Object.entries(compose.services).find(([, service]) => service.image?.startsWith(prefix));
  if (!found) throw new Error(`no compose service runs an ${prefix} image`);
  return found[0];
}

describe('docker-compose.yml', () => {
  it('knows the services the code has', () => {
    expect(codeServices).toEqual(['notifications', 'shipment-intake', 'sla-monitor', 'tracking']);
    expect(requiredKeys).toEqual(['DATABASE_URL', 'KAFKA_BROKERS']);
  });

  it('names every service the code has, on the port its config defaults to', () => {
    for (const service of codeServices) {
      expect({ service, defined: service in compose.services }).toEqual({ service, defined: true });
      const port = defaultPortInCode(service);
      expect({ service, PORT: Number(environmentOf(service).PORT) }).toEqual({ service, PORT: port });
      expect({ service, ports: containerPorts(service) }).toEqual({ service, ports: [port] });
    }
  });

  it('runs no Waybill service the code does not have', () => {
    const built = Object.entries(compose.services)
      .filter(([, service]) => service.build !== undefined)
      .map(([name]) => name)
      .sort();
    expect(built).toEqual(codeServices);
  });

  it("builds each service from the root Dockerfile, naming the service's folder", () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
    expect(dockerfile).toContain('node tools/run-ts.js');
    for (const service of codeServices) {
      const build = compose.services[service].build;
      expect(typeof build).toBe('object');
      const { context, dockerfile: file, args } = build as Exclude<ComposeService['build'], string | undefined>;
      expect({ service, context: path.resolve(root, context ?? '.') }).toEqual({ service, context: root });
      expect(file ?? 'Dockerfile').toBe('Dockerfile');
      expect({ service, SERVICE: asMap(args).SERVICE }).toEqual({ service, SERVICE: service });
    }
  });

  it('sets only variables the services read, and every one they require', () => {
    for (const service of codeServices) {
      const keys = Object.keys(environmentOf(service));
      expect({ service, unknown: keys.filter((key) => !acceptedKeys.includes(key)) }).toEqual({ service, unknown: [] });
      expect({ service, missing: requiredKeys.filter((key) => !keys.includes(key)) }).toEqual({ service, missing: [] });
      for (const key of ['PORT', 'NODE_ENV', 'LOG_LEVEL', 'TRACKING_TOKEN_SECRET']) expect(keys).toContain(key);
    }
  });

  it('gives each service a configuration it starts with, production secret checks included', () => {
    for (const service of codeServices) {
      const port = defaultPortInCode(service);
      const result = distributedEnvSchema(port).safeParse(resolvedEnvironment(service));
      if (!result.success) throw new Error(`${service}: ${JSON.stringify(result.error.issues)}`);
      expect(result.data.PORT).toBe(port);
      expect(() => refuseDefaultSecretsInProduction(result.data)).not.toThrow();
    }
  });

  it('ships no tracking token or JWT secret: they must come from the environment of whoever runs it', () => {
    for (const service of codeServices) {
      expect(String(environmentOf(service).TRACKING_TOKEN_SECRET)).toMatch(/^\$\{TRACKING_TOKEN_SECRET:\?[^}]+\}$/);
      expect(String(environmentOf(service).JWT_SECRET)).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    }
  });

  it("reaches Kafka on the kafka service's internal listener", () => {
    const kafka = serviceWithImage('apache/kafka');
    const kafkaEnv = asMap(compose.services[kafka].environment);
    const advertised = String(kafkaEnv.KAFKA_ADVERTISED_LISTENERS).split(',');
    const internal = advertised.find((listener) => listener.startsWith(`${kafkaEnv.KAFKA_INTER_BROKER_LISTENER_NAME}://`));
    expect(internal).toBeDefined();
    const internalAddress = internal!.replace(/^\w+:\/\//, '');
    expect(internalAddress.split(':')[0]).toBe(kafka);
    expect(String(kafkaEnv.KAFKA_LISTENERS)).toContain(`:${internalAddress.split(':')[1]}`);
    for (const service of codeServices) {
      expect({ service, KAFKA_BROKERS: environmentOf(service).KAFKA_BROKERS }).toEqual({ service, KAFKA_BROKERS: internalAddress });
    }
  });

  it('reaches Postgres on the postgres service, as the user and database it creates', () => {
    const postgres = serviceWithImage('postgres');
    expect(compose.services[postgres].image).toBe('postgres:17');
    const pgEnv = asMap(compose.services[postgres].environment);
    for (const service of codeServices) {
      const url = new URL(String(environmentOf(service).DATABASE_URL));
      expect({ service, host: url.hostname, port: url.port || '5432' }).toEqual({ service, host: postgres, port: '5432' });
      expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(url.pathname.slice(1)).toBe(pgEnv.POSTGRES_DB);
    }
  });

  it('starts the services once Kafka and Postgres are healthy, and checks that each is ready', () => {
    const kafka = serviceWithImage('apache/kafka');
    const postgres = serviceWithImage('postgres');
    expect(JSON.stringify(compose.services[postgres].healthcheck?.test)).toContain('pg_isready');
    expect(compose.services[kafka].healthcheck?.test).toBeDefined();
    for (const service of codeServices) {
      const dependsOn = compose.services[service].depends_on as Record<string, { condition: string }>;
      expect({ service, kafka: dependsOn?.[kafka]?.condition, postgres: dependsOn?.[postgres]?.condition }).toEqual({
        service,
        kafka: 'service_healthy',
        postgres: 'service_healthy',
      });
      const check = compose.services[service].healthcheck;
      expect(check?.disable).not.toBe(true);
      expect(JSON.stringify(check?.test)).toContain('/health/ready');
    }
  });
});
