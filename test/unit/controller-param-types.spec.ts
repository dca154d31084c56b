import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function controllerFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : controllerFiles(full);
    return entry.name.endsWith('.controller.ts') ? [full] : [];
  });
}

/**
 * OpenAPI (@nestjs/swagger) reads each route parameter's design type and expects a class. A
 * parameter typed with a name that is also a zod schema's value (`body: CreateThing` next to
 * `const CreateThing = z.object(…)`) puts the schema object there and breaks /api/docs-json.
 */
describe('controller parameters', () => {
  const files = [...controllerFiles(path.join(ROOT, 'services')), ...controllerFiles(path.join(ROOT, 'libs'))].filter(
    (file) => !file.includes(`${path.sep}web${path.sep}`),
  );

  it('finds the controllers to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [path.relative(ROOT, file)]))('%s has only class design types on its routes', (file) => {
    const exported = require(path.join(ROOT, file)) as Record<string, unknown>;
    const offenders: string[] = [];
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value !== 'function' || !value.prototype) continue;
      for (const method of Object.getOwnPropertyNames(value.prototype)) {
        const types: unknown[] | undefined = Reflect.getMetadata('design:paramtypes', value.prototype, method);
        types?.forEach((type, index) => {
          if (typeof type !== 'function') offenders.push(`${name}.${method} parameter ${index}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
