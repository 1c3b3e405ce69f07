#!/usr/bin/env node
// Publishable-package check: pack one bench package and its workspace dependencies with
// `npm pack`, install the tarballs into an empty temporary folder the way a user would (npm
// --prefer-offline: the tarballs, then npm's cache, then the npm registry for any package
// metadata the cache lacks: `npm ci` caches tarballs but not the packuments an install of
// loose tarballs needs, so --offline fails on a fresh CI machine), run the package's bin
// with --smoke, and validate the results file with the installed schema package.
//
//   node .ci/pack-install-check.mjs [package-dir]      (default packages/reconstruction-mri)
//
// Requires the packages to be built (npx nx run-many -t build).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.resolve(root, process.argv[2] ?? 'packages/reconstruction-mri');
const byName = new Map();
for (const parent of ['packages', 'tools']) {
  for (const d of fs.readdirSync(path.join(root, parent))) {
    const pj = path.join(root, parent, d, 'package.json');
    if (fs.existsSync(pj)) byName.set(JSON.parse(fs.readFileSync(pj, 'utf8')).name, path.join(root, parent, d));
  }
}
const closure = [];
const visit = (dir) => {
  if (closure.includes(dir)) return;
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pj.dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
  closure.push(dir);
};
visit(target);
const targetPj = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
const bin = Object.keys(targetPj.bin ?? {})[0];
if (!bin) throw new Error(`${targetPj.name} has no bin`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-pack-'));
const tarballs = path.join(work, 'tarballs');
const consumer = path.join(work, 'consumer');
fs.mkdirSync(tarballs);
fs.mkdirSync(consumer);
const run = (cmd, args, cwd, extraEnv = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv } });

const files = [];
for (const dir of closure) {
  if (!fs.existsSync(path.join(dir, 'dist'))) throw new Error(`${dir} is not built; run npx nx run-many -t build first`);
  const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tarballs], dir));
  files.push(path.join(tarballs, out[0].filename));
}
console.log(`packed ${files.length} tarballs: ${files.map((f) => path.basename(f)).join(', ')}`);

fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
// Registry dependencies (fft.js, ajv, ...) resolve from npm's cache where it has them, else
// from the npm registry (reachable here and on a locked-down CI with a registry mirror).
run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files], consumer, { ONNXRUNTIME_NODE_INSTALL: 'skip' });
const out = path.join(consumer, 'results.json');
run('npx', ['--offline', '--no-install', bin, '--smoke', '--out', out], consumer);
const check = `
import fs from 'node:fs';
import { validateResults } from '@rhenium-perf/schema';
const doc = JSON.parse(fs.readFileSync(${JSON.stringify(out)}, 'utf8'));
const r = validateResults(doc);
if (!r.valid) { console.error(r.errors.join('\\n')); process.exit(1); }
const failed = doc.benchmarks.filter((b) => b.state !== 'passed');
if (doc.benchmarks.length === 0 || failed.length) { console.error('cases not passed: ' + failed.map((b) => b.id + ': ' + (b.error ?? b.skipped_reason)).join('; ')); process.exit(1); }
console.log('valid results file with ' + doc.benchmarks.length + ' passed case(s): ' + doc.benchmarks.map((b) => b.id).join(', '));
`;
fs.writeFileSync(path.join(consumer, 'check.mjs'), check);
process.stdout.write(run(process.execPath, ['check.mjs'], consumer));
fs.rmSync(work, { recursive: true, force: true });
console.log(`pack-and-install check passed for ${targetPj.name} (bin ${bin})`);
