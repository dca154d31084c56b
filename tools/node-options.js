// A service's own node flags, from `services/<service>/node-options` (one line; none if absent).
// Every launcher reads that file: the Dockerfile's CMD and infra/up.sh with `cat`, test and
// benchmark launchers through this function, so a service runs with the same flags everywhere.
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} service a directory under services/, e.g. "tracking" @returns {string[]} */
function serviceNodeOptions(service) {
  const file = path.join(__dirname, '..', 'services', service, 'node-options');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split(/\s+/).filter(Boolean);
}

module.exports = { serviceNodeOptions };
