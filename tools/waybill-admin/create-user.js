#!/usr/bin/env node
// Creates a staff user: `node tools/waybill-admin/create-user.js --email a@b.example --role ops`.
// Runs create-user.ts through tools/run-ts.js (no build step); see README.md beside this file.
const path = require('node:path');

process.argv = [process.argv[0], path.join(__dirname, '../run-ts.js'), path.join(__dirname, 'create-user.ts'), ...process.argv.slice(2)];
require('../run-ts.js');
