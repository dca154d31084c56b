// The monorepo's dependency rules (eslint.config.mjs + the tags in each project.json), checked
// through the ESLint Node API with the repository's own config:
//   - the code as it stands keeps them;
//   - a service importing another service is caught, so the rule really is switched on.
//
// ESLint loads eslint.config.mjs with a dynamic import(), which jest's module sandbox refuses
// (it would need --experimental-vm-modules), so the ESLint calls run in a plain Node child
// process and hand their results back as JSON.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '../..');
const RULE = '@nx/enforce-module-boundaries';
const MARKER = '__WAYBILL_ESLINT_RESULT__';

interface Finding {
  file: string;
  line: number;
  message: string;
}

interface Probe {
  filePath: string;
  text: string;
}

interface DepConstraint {
  sourceTag: string;
  onlyDependOnLibsWithTags?: string[];
}

interface LintOutcome {
  ruleSeverity: unknown;
  depConstraints: DepConstraint[];
  filesLinted: number;
  boundaryErrors: Finding[];
  probes: Finding[][];
  output: string;
}

const PROBES: Record<string, Probe> = {
  serviceImportsService: {
    filePath: 'services/tracking/src/__boundary_probe__.ts',
    text: "import { ShipmentIntakeModule } from '@waybill/shipment-intake';\nexport { ShipmentIntakeModule };\n",
  },
  libImportsService: {
    filePath: 'libs/messaging/src/__boundary_probe__.ts',
    text: "import { TrackingModule } from '@waybill/tracking';\nexport { TrackingModule };\n",
  },
  hostImportsServices: {
    filePath: 'services/standalone/src/__boundary_probe__.ts',
    text: "import { TrackingModule } from '@waybill/tracking';\nimport { loadConfig } from '@waybill/service-kit';\nexport { TrackingModule, loadConfig };\n",
  },
};

// Runs in the child: lint the real tree and the virtual probe files, report boundary errors only.
const CHILD = `
const path = require('node:path');
const [eslintPath, root, rule, marker, probesJson] = process.argv.slice(1);
const { ESLint } = require(eslintPath);
const pick = (results) => results.flatMap((r) => r.messages
  .filter((m) => m.ruleId === rule && m.severity === 2)
  .map((m) => ({ file: path.relative(root, r.filePath), line: m.line, message: m.message })));
(async () => {
  const eslint = new ESLint({ cwd: root });
  const config = await eslint.calculateConfigForFile(path.join(root, 'services/tracking/src/main.ts'));
  const results = await eslint.lintFiles(['services', 'libs']);
  const probes = [];
  for (const probe of JSON.parse(probesJson)) {
    probes.push(pick(await eslint.lintText(probe.text, { filePath: path.join(root, probe.filePath) })));
  }
  const rs = config.rules && config.rules[rule];
  process.stdout.write('\\n' + marker + JSON.stringify({
    ruleSeverity: Array.isArray(rs) ? rs[0] : rs,
    depConstraints: (Array.isArray(rs) && rs[1] && rs[1].depConstraints) || [],
    filesLinted: results.length,
    boundaryErrors: pick(results),
    probes,
  }) + '\\n');
})().catch((error) => { console.error(error); process.exit(1); });
`;

function lintInChildProcess(): Promise<LintOutcome> {
  const probes = Object.values(PROBES);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD, require.resolve('eslint'), root, RULE, MARKER, JSON.stringify(probes)],
      // Nx builds the project graph in-process: no daemon, no cloud.
      { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
        if (error || !line) {
          reject(new Error(`eslint child failed: ${error?.message ?? 'no result'}\n${stdout}\n${stderr}`));
          return;
        }
        resolve({ ...JSON.parse(line.slice(MARKER.length)), output: stdout.replace(line, '') + stderr });
      },
    );
  });
}

function probeResult(outcome: LintOutcome, name: keyof typeof PROBES): Finding[] {
  return outcome.probes[Object.keys(PROBES).indexOf(name)];
}

describe('module boundaries', () => {
  let outcome: LintOutcome;

  beforeAll(async () => {
    outcome = await lintInChildProcess();
  });

  it('enforces the boundary rule as an error, with a project graph to check against', () => {
    expect(outcome.ruleSeverity).toBe(2);
    // Without a project graph the Nx rule only warns on stdout and checks nothing.
    expect(outcome.output).not.toMatch(/No cached ProjectGraph/);
  });

  it('keeps each service to its own scope and the shared libs', () => {
    const services = fs
      .readdirSync(path.join(root, 'services'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'standalone')
      .map((entry) => entry.name);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      const constraint = outcome.depConstraints.find((c) => c.sourceTag === `scope:${service}`);
      expect({ service, allowed: constraint?.onlyDependOnLibsWithTags?.slice().sort() }).toEqual({
        service,
        allowed: ['scope:shared', `scope:${service}`].sort(),
      });
    }
    expect(outcome.depConstraints).toContainEqual({ sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] });
  });

  it('keeps every service and lib inside its boundaries', () => {
    expect(outcome.filesLinted).toBeGreaterThan(0);
    expect(outcome.boundaryErrors).toEqual([]);
  });

  it('reports a service importing another service', () => {
    const findings = probeResult(outcome, 'serviceImportsService');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/scope:tracking|type:service/);
  });

  it('reports a shared lib importing a service', () => {
    // Reported as a tag violation or, since every service already uses the libs, as a cycle.
    expect(probeResult(outcome, 'libImportsService')).not.toEqual([]);
  });

  it('lets the standalone host compose services and libs', () => {
    expect(probeResult(outcome, 'hostImportsServices')).toEqual([]);
  });
});
