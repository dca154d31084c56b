#!/usr/bin/env node
// Builds the web app with vite's JavaScript API: `node services/web/build.mjs [--out <dir>]`.
// Run as its own process (vite is ESM-only and heavy) by the standalone host's web module.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { build } from 'vite';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const started = Date.now();
await build({
  configFile: resolve(import.meta.dirname, 'vite.config.mjs'),
  build: values.out ? { outDir: resolve(values.out), emptyOutDir: true } : {},
});
console.log(JSON.stringify({ built: true, ms: Date.now() - started }));
