import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
const { serviceNodeOptions } = require('../../tools/node-options.js') as { serviceNodeOptions(service: string): string[] };

const services = fs.readdirSync(path.join(__dirname, '../../services'));

/** `services/<service>/node-options`: the flags every launcher starts that service with. */
describe('service node options', () => {
  it('reads a service’s flags, and none for a service without the file', () => {
    expect(serviceNodeOptions('tracking')).toEqual(['--max-semi-space-size=32']);
    expect(serviceNodeOptions('shipment-intake')).toEqual([]);
  });

  it.each(services.filter((service) => serviceNodeOptions(service).length > 0))(
    'gives %s only flags this node accepts',
    (service) => {
      const run = spawnSync(process.execPath, [...serviceNodeOptions(service), '-e', '0'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
