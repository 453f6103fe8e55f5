#!/usr/bin/env node
// Runs the compiled test files with node's test runner. One PostgreSQL serves the whole run
// (embedded unless DATABASE_URL is set); each suite creates its own database on it.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'test');
const filters = process.argv.slice(2);

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const files = findTests(compiled)
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/test');
  process.exit(1);
}

const { withTestServer } = require(path.join(compiled, 'support', 'test-server.js'));
// Not spawnSync: the embedded server writes its log to a pipe this process reads. A blocked
// event loop stops reading it; once the pipe is full every postgres process that logs (the
// checkpointer, for one, which DROP DATABASE waits for) blocks, and so does the whole run.
withTestServer(
  (databaseUrl) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], {
        stdio: 'inherit',
        env: { ...process.env, MPI_TEST_SERVER_URL: databaseUrl },
      });
      child.on('close', (code) => resolve(code ?? 1));
    }),
).then(
  (status) => process.exit(status),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
