// Lint: mostly about architecture. `@nx/enforce-module-boundaries` reads the Nx project graph
// (nx.json + each project.json's tags) and keeps the dependency rules below true:
//   - a service depends only on shared libs, never on another service;
//   - a lib depends only on libs;
//   - the standalone host may compose services and libs.
// The TypeScript rules are typescript-eslint's `recommended` set, kept light.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import devkit from '@nx/devkit';

// The boundary rule reads Nx's *cached* project graph and silently skips itself when there is
// none (fresh clone, after `nx reset`), so build it now: a plain `eslint` run then checks the
// code as it is, not as it was at the last `nx` command. In-process, no daemon, no cloud.
process.env.NX_DAEMON ??= 'false';
process.env.NX_NO_CLOUD ??= 'true';
await devkit.createProjectGraphAsync({ exitOnError: false });

// Each service's own scope tag (`scope:tracking`, …), read from services/*/project.json.
const root = dirname(fileURLToPath(import.meta.url));
const SERVICE_SCOPES = readdirSync(join(root, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      return JSON.parse(readFileSync(join(root, 'services', entry.name, 'project.json'), 'utf8')).tags ?? [];
    } catch {
      return [];
    }
  })
  .filter((tag) => tag.startsWith('scope:') && tag !== 'scope:shared');

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', '.waybill/**', 'infra/kafka/.cache/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    plugins: { '@nx': nx },
    rules: {
      // TypeORM's own signatures take `MixedList<Function>` (entities, migrations), and
      // libs/service-kit/src/database/database.ts mirrors them; relaxed rather than fought.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // The code marks deliberately unused names with a leading underscore (e.g. dropping a key
      // with `const { $schema: _ignored, ...rest } = …` in libs/service-kit/src/http/openapi.ts).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          banTransitiveDependencies: false,
          checkDynamicDependenciesExceptions: [],
          allow: [],
          depConstraints: [
            // by kind
            { sourceTag: 'type:host', onlyDependOnLibsWithTags: ['type:service', 'type:lib'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // by scope: a service sees itself and the shared libs, never another service
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...SERVICE_SCOPES.map((scope) => ({
              sourceTag: scope,
              onlyDependOnLibsWithTags: [scope, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // Tests may use `any`, non-null assertions and require() freely.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
