#!/usr/bin/env node
'use strict';
// `npm run mpi` runs this first: it compiles the project only when a source file is newer than
// the last build, so a verb starts at once when the build is current.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// Written by every build: `npm run build` (tsconfig.build.json) and `npm run build:test`.
const STAMPS = ['dist/.tsbuildinfo-build', 'dist/.tsbuildinfo'].map((f) => path.join(root, f));
const SOURCES = ['src', 'migrations'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCES) visit(path.join(root, dir));
  for (const file of CONFIGS) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function lastBuild() {
  const built = STAMPS.filter((f) => fs.existsSync(f)).map((f) => fs.statSync(f).mtimeMs);
  const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
  return built.length > 0 && fs.existsSync(cli) ? Math.max(...built) : 0;
}

if (newestSource() > lastBuild()) {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // A build that found nothing to emit leaves its stamp as it was: mark it current.
  const now = new Date();
  if (fs.existsSync(STAMPS[0])) fs.utimesSync(STAMPS[0], now, now);
}
