#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: ts-node transpiles with swc (keeping the
// decorator metadata NestJS needs for injection) and tsconfig-paths resolves the @waybill/* libs.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
requireWithoutRepl('ts-node').register({ transpileOnly: true, swc: true, project: process.env.TS_NODE_PROJECT });
const { baseUrl, paths } = require(path.join(root, 'tsconfig.base.json')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: path.join(root, baseUrl), paths });

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.js <entry.ts> [args]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));

/**
 * ts-node requires Node's `repl` when it loads, for a REPL we never start, and `repl` loads
 * `domain`, which from then on wraps every EventEmitter's construction and every `emit` in the
 * process (each Kafka response, Postgres message and socket event). While `module` loads, `repl`
 * is a stand-in that loads the real one on first use.
 */
function requireWithoutRepl(module) {
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request !== 'repl') return load.call(this, request, ...rest);
    return new Proxy({}, { get: (_, name) => load.call(this, request, ...rest)[name] });
  };
  try {
    return require(module);
  } finally {
    Module._load = load;
  }
}

