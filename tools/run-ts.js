#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: ts-node transpiles with swc (keeping the
// decorator metadata NestJS needs for injection) and tsconfig-paths resolves the @waybill/* libs.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
require('ts-node').register({ transpileOnly: true, swc: true, project: process.env.TS_NODE_PROJECT });
const { baseUrl, paths } = require(path.join(root, 'tsconfig.base.json')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: path.join(root, baseUrl), paths });

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.js <entry.ts> [args]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
