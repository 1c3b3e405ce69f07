#!/usr/bin/env node
// Publishable-package check: pack the bench packages and their workspace dependencies
// (harness, schema, fixtures, onnx-models, wasm-asm) with `npm pack`, install all the tarballs into ONE
// empty temporary project the way a user would (npm --prefer-offline: the tarballs, then npm's
// cache, then the npm registry for any package metadata the cache lacks: `npm ci` caches
// tarballs but not the packuments an install of loose tarballs needs, so --offline fails on a
// fresh CI machine), then run each package as a user does, `npx @rhenium-perf/<package>
// --smoke` (npm picks the bin named after the package), one after another, and validate every
// results file with the installed schema package: schema-valid, at least one case, every case
// passed (a skipped smoke case in an installed package is a missing dependency or file).
//
//   node .ci/pack-install-check.mjs [package-dir ...]    (default: every scope:category package)
//
// Before installing, each tarball is checked to ship what its code reads at run time outside
// dist/: the files of bench/ that are not TypeScript (bench/reference/*.py), templates/,
// schemas/ and data/. Requires the packages to be built (npx nx run-many -t build build-types).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CATEGORY_COUNT = 13;
// Smoke cases that must pass from the installed packages (not only "not fail").
const MUST_PASS = { 'io-parsing': ['io_dicom_series_brain_mr_20x256x256'] };
// Package folders whose files the code reads at run time (next to package.json).
const SHIPPED_DIRS = ['templates', 'schemas', 'data'];

const started = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
let work = null; // the temporary folder; removed on success and on a failure before the smoke runs
const fail = (message, keepWork = false) => {
  if (work && !keepWork) fs.rmSync(work, { recursive: true, force: true });
  console.error(`pack-install-check: ${message}`);
  process.exit(1);
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const byName = new Map();
const pjOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
for (const parent of ['packages', 'tools']) {
  for (const d of fs.readdirSync(path.join(root, parent))) {
    const pj = path.join(root, parent, d, 'package.json');
    if (fs.existsSync(pj)) byName.set(JSON.parse(fs.readFileSync(pj, 'utf8')).name, path.join(root, parent, d));
  }
}
const categories = [...byName.values()].filter((dir) => (pjOf(dir).nx?.tags ?? []).includes('scope:category')).sort();
const targets = process.argv.length > 2 ? process.argv.slice(2).map((a) => path.resolve(root, a)) : categories;
if (process.argv.length <= 2 && targets.length !== CATEGORY_COUNT) fail(`expected ${CATEGORY_COUNT} scope:category packages, found ${targets.length}`);
for (const t of targets) if (!fs.existsSync(path.join(t, 'package.json'))) fail(`${t} is not a package folder`);

const closure = [];
const visit = (dir) => {
  if (closure.includes(dir)) return;
  for (const dep of Object.keys(pjOf(dir).dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
  closure.push(dir);
};
for (const t of targets) visit(t);

// The bench bin of each target: the one npx picks, named after the unscoped package name.
const runs = targets.map((dir) => {
  const pj = pjOf(dir);
  const unscoped = pj.name.split('/').pop();
  const bins = Object.keys(pj.bin ?? {});
  if (!bins.includes(unscoped)) fail(`${pj.name} has no bin named "${unscoped}" (bins: ${bins.join(', ') || 'none'}); npx ${pj.name} cannot pick its bench bin`);
  return { dir, name: pj.name, project: pj.nx?.name ?? unscoped };
});

work = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-pack-'));
const tarballs = path.join(work, 'tarballs');
const consumer = path.join(work, 'consumer');
const results = path.join(work, 'results');
for (const d of [tarballs, consumer, results]) fs.mkdirSync(d);
const run = (cmd, args, cwd, extraEnv = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });

// 1. Pack every package of the closure in one npm call.
let t0 = Date.now();
for (const dir of closure) if (!fs.existsSync(path.join(dir, 'dist'))) fail(`${path.relative(root, dir)} is not built; run npx nx run-many -t build build-types first`);
// Declarations are their own target (build-types, into dist-types/); a package packed
// without them would install with "types" pointing at nothing.
for (const dir of closure) if (!fs.existsSync(path.join(dir, 'dist-types', 'index.d.ts'))) fail(`${path.relative(root, dir)} has no dist-types/index.d.ts; run npx nx run-many -t build-types first`);
let packed;
try {
  packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tarballs, ...closure.flatMap((d) => ['-w', path.relative(root, d)])], root));
} catch (e) {
  fail(`npm pack failed: ${e.message.split('\n')[0]}`);
}
const files = packed.map((p) => path.join(tarballs, p.filename));
for (const p of packed) {
  const dir = byName.get(p.name);
  const shipped = new Set(p.files.map((f) => f.path));
  const needed = [];
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) for (const e of fs.readdirSync(abs)) walk(path.posix.join(rel, e));
    else needed.push(rel);
  };
  for (const d of SHIPPED_DIRS) walk(d);
  walk('bench');
  const missing = needed.filter((f) => !/\.(ts|mts)$/.test(f) && !/(^|\/)__pycache__\//.test(f) && !shipped.has(f));
  if (missing.length) fail(`${p.name} does not ship ${missing.join(', ')} (read at run time); add it to "files" in its package.json`);
  // Every "types" the package.json names (top level and per export) is in the tarball.
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const typeFiles = [pkg.types, ...Object.values(pkg.exports ?? {}).map((e) => (e && typeof e === 'object' ? e.types : undefined))].filter(Boolean);
  const untyped = [...new Set(typeFiles.map((t) => t.replace(/^\.\//, '')))].filter((t) => !shipped.has(t));
  if (untyped.length) fail(`${p.name} names types it does not ship: ${untyped.join(', ')}; run npx nx run-many -t build-types and check "files"`);
}
console.log(`packed ${files.length} tarballs in ${secs(t0)}: ${packed.map((p) => `${p.name.split('/').pop()} (${(p.size / 1024).toFixed(0)} kB)`).join(', ')}`);

// 2. Install them all into one empty project.
t0 = Date.now();
fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
// Registry dependencies (fft.js, ajv, fastify, daikon, ...) resolve from npm's cache where it
// has them, else from the npm registry (reachable here and on a locked-down CI with a registry mirror).
const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files], {
  cwd: consumer,
  encoding: 'utf8',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  maxBuffer: 64 * 1024 * 1024,
});
if (install.status !== 0) fail(`npm install of the tarballs failed (exit ${install.status}):\n${install.stderr.trim()}`);
// An engine warning here is what a user's `npm install` on this Node prints (the root
// package.json's "overrides" do not reach consumers of the published packages): reported.
for (const m of install.stderr.matchAll(/EBADENGINE\s+package: '([^']+)',\s*npm warn EBADENGINE\s+required: (\{[^}]*\})/g)) {
  console.log(`warning: installing the tarballs warns EBADENGINE: ${m[1]} requires ${m[2].replace(/\s+/g, ' ')} (Node ${process.versions.node} here)`);
}
console.log(`installed ${files.length} tarballs into one empty project in ${secs(t0)} (${install.stdout.trim().split('\n').pop()})`);

// 3. Each package's smoke run, as a user runs it: npx @rhenium-perf/<package> --smoke.
const outcomes = [];
for (const r of runs) {
  t0 = Date.now();
  const out = path.join(results, `${r.project}.json`);
  const p = spawnSync('npx', ['--offline', '--no-install', r.name, '--smoke', '--out', out], { cwd: consumer, encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
  outcomes.push({ ...r, out, status: p.status, seconds: (Date.now() - t0) / 1000, log: `${p.stdout}${p.stderr}` });
  console.log(`  ${`npx ${r.name} --smoke`.padEnd(56)} exit ${p.status} in ${secs(t0)}`);
}

// 4. Validate every results file with the installed schema package.
const check = `
import fs from 'node:fs';
import { validateResults } from '@rhenium-perf/schema';
const [runs, mustPass] = JSON.parse(process.argv[2]);
let bad = 0;
for (const r of runs) {
  const problem = (msg) => { bad++; console.log('FAIL ' + r.name + ': ' + msg); };
  if (!fs.existsSync(r.out)) { problem('no results file (exit ' + r.status + '): ' + r.log.trim().split('\\n').slice(-3).join(' | ')); continue; }
  const doc = JSON.parse(fs.readFileSync(r.out, 'utf8'));
  const v = validateResults(doc);
  if (!v.valid) { problem('results file is not schema-valid: ' + v.errors.slice(0, 5).join('; ')); continue; }
  const notPassed = doc.benchmarks.filter((b) => b.state !== 'passed');
  const passed = doc.benchmarks.filter((b) => b.state === 'passed').map((b) => b.id);
  const missing = (mustPass[r.project] ?? []).filter((id) => !passed.includes(id));
  if (doc.benchmarks.length === 0) problem('no case ran');
  else if (notPassed.length) problem('cases not passed: ' + notPassed.map((b) => b.id + ' ' + b.state + ': ' + (b.error ?? b.skipped_reason)).join('; '));
  else if (missing.length) problem('required case(s) did not pass: ' + missing.join(', '));
  else if (r.status !== 0) problem('exit ' + r.status + ' although every case passed');
  else console.log('ok   ' + r.name.padEnd(38) + String(passed.length).padStart(2) + ' passed, ' + r.seconds.toFixed(1).padStart(5) + ' s: ' + passed.join(', '));
}
process.exit(bad ? 1 : 0);
`;
fs.writeFileSync(path.join(consumer, 'check.mjs'), check);
const v = spawnSync(process.execPath, ['check.mjs', JSON.stringify([outcomes, MUST_PASS])], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
if (v.status !== 0) fail(`a package failed from its tarball (work folder kept: ${work}); total ${secs(started)}`, true);
fs.rmSync(work, { recursive: true, force: true });
console.log(`pack-and-install check passed for ${runs.length} package(s) (${files.length} tarballs, one project) in ${secs(started)}`);
